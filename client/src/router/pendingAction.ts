/**
 * The one action a guest asked for before being sent to log in: the page that asked, and which of its
 * actions. Kept in memory only: after login the page shows again in the same app run and finishes it.
 */
export interface PendingAction {
  /** "/pages/home/home" */
  path: string
  name: string
}

let pending: PendingAction | null = null

export function rememberAction(action: PendingAction): void {
  pending = action
}

/** The action waiting on `path`, taken (so it runs once); null if none waits there. */
export function takeAction(path: string): string | null {
  if (!pending || pending.path !== path) return null
  const { name } = pending
  pending = null
  return name
}
