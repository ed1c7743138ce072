import { isApiError, messageForUser } from '@/api/apiError'
import { toast } from '@/content/messages'

/** The session ended (expired, 下线 elsewhere, 注销): the store has already said so once and gone to login. */
export function isSessionEnded(error: unknown): boolean {
  return isApiError(error) && (error.code === 'UNAUTHORIZED' || error.code === 'REFRESH_TOKEN_INVALID')
}

/** A page's toast for a failed call; silent for an ended session, so the user is told once, not per request. */
export function reportError(error: unknown): void {
  if (!isSessionEnded(error)) toast(messageForUser(error))
}
