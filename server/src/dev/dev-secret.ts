import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const FILE_NAME = 'auth-secret'

/**
 * Dev mode only: the access-token key, generated once and kept in DATA_DIR (mode 0600) so sessions
 * survive a restart. Written to a private temp file and hard-linked into place, so when two instances
 * start at once the loser of the link reads the winner's complete secret, never a half-written file.
 */
export function readOrCreateDevAuthSecret(dataDir: string): string {
  const file = join(dataDir, FILE_NAME)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(temp, randomBytes(48).toString('base64url'), { mode: 0o600 })
  try {
    linkSync(temp, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    rmSync(temp, { force: true })
  }
  const secret = readFileSync(file, 'utf8').trim()
  if (Buffer.byteLength(secret) < 32) throw new Error(`${file} holds no usable secret; delete it to generate a new one`)
  return secret
}
