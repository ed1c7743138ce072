import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const FILE_NAME = 'signing-key.pem'

/**
 * Dev mode only: the access-token signing key (EC P-256, PKCS#8 PEM), generated once and kept in DATA_DIR
 * (mode 0600) so sessions survive a restart. Written to a private temp file and hard-linked into place, so
 * when two instances start at once the loser of the link reads the winner's complete key, never a
 * half-written file. The caller parses it (and says the file is unusable if it is not a key).
 */
export function readOrCreateDevSigningKey(dataDir: string): { pem: string; file: string } {
  const file = join(dataDir, FILE_NAME)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  // Generating a key costs a millisecond; only skip it when the file is there already.
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(temp, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 })
    try {
      linkSync(temp, file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      rmSync(temp, { force: true })
    }
  }
  return { pem: readFileSync(file, 'utf8'), file }
}
