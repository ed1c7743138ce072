import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The tests that spawn `pnpm start` find the bundle fresh: none of them rebuilds it while another starts. */
export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' })
}
