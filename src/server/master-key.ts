/**
 * The server's master key, which seals session tokens, authorization messages and secrets at rest.
 * Taken from `XACCESS_MASTER_KEY` (base64, at least 32 bytes) when set — every node of a
 * PostgreSQL deployment must share it —, else from `<data-dir>/master.key`, created once with
 * mode 0600.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const MASTER_KEY_ENV = 'XACCESS_MASTER_KEY'

/** Loads or creates the master key. Throws with a clear message when the given key is unusable. */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const given = env[MASTER_KEY_ENV]
  if (given !== undefined && given !== '') {
    const key = Buffer.from(given, 'base64')
    if (key.length < 32)
      throw new Error(`${MASTER_KEY_ENV} must be at least 32 bytes, base64-encoded`)
    return key
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = join(dataDir, 'master.key')
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
    if (key.length < 32) throw new Error(`${file} does not hold a usable key (32 bytes, base64)`)
    return key
  }
  const key = randomBytes(32)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, key.toString('base64') + '\n', { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
  return key
}
