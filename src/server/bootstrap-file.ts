/** `<data-dir>/bootstrap.json`: how to reach the server as the management account's root (mode 0600). */
import { chmodSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface BootstrapInfo {
  readonly endpoint: string
  readonly portalUrl: string
  readonly accountId: string
  readonly organizationId: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

/** Writes the file atomically with mode 0600. */
export function writeBootstrapFile(dataDir: string, info: BootstrapInfo): string {
  const file = join(dataDir, 'bootstrap.json')
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
  return file
}
