/**
 * Replaces a file's content all at once: written to a temporary file beside it, then renamed over
 * it, so a crash leaves either the old or the new text, never half of one. A symbolic link is
 * followed (the file it points to is replaced, the link stays) and the file's mode is kept; a new
 * file gets `mode`.
 */
import {
  chmodSync,
  mkdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'

/** Writes `text` to `path` atomically; `mode` applies when the file is new (default 0600). */
export function replaceFile(path: string, text: string, mode = 0o600): void {
  let target = path
  let targetMode = mode
  try {
    target = realpathSync(path)
    targetMode = statSync(target).mode & 0o777
  } catch {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  }
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    writeFileSync(temp, text, { mode: targetMode, flag: 'wx' })
    chmodSync(temp, targetMode)
    renameSync(temp, target)
  } catch (e) {
    rmSync(temp, { force: true })
    throw e
  }
}
