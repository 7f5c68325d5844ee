/**
 * Where trails deliver until xaccess has an S3-compatible endpoint: `<data dir>/trails/<bucket>/
 * <key>`, each file written atomically (a temporary file in the same folder, fsync, rename, fsync
 * of the folder), so a reader never sees half a file and a crash leaves the old one or the new
 * one. An object's S3 metadata (a digest file's `x-amz-meta-signature`) goes beside it in
 * `<key>.metadata.json`.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import type { TrailDestination } from '../domain/cloudtrail/trails/index.ts'

/** The folder under the data dir that holds every trail bucket. */
export const TRAILS_FOLDER = 'trails'

async function writeAtomically(path: string, body: Buffer): Promise<void> {
  const folder = dirname(path)
  await mkdir(folder, { recursive: true })
  const temp = join(folder, `.${randomBytes(6).toString('hex')}.tmp`)
  const file = await open(temp, 'w', 0o640)
  try {
    await file.writeFile(body)
    await file.sync()
  } finally {
    await file.close()
  }
  try {
    await rename(temp, path)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
  const dir = await open(folder, 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}

/**
 * {@link TrailDestination} on the local file system.
 * @example new FileTrailDestination(join(dataDir, TRAILS_FOLDER))
 */
export class FileTrailDestination implements TrailDestination {
  readonly #root: string

  constructor(root: string) {
    this.#root = resolve(root)
  }

  /** The file an object is written to; throws for a key that would leave the bucket. */
  pathOf(bucket: string, key: string): string {
    const path = resolve(this.#root, bucket, key)
    if (!path.startsWith(resolve(this.#root, bucket) + sep) || bucket.includes('/')) {
      throw new Error(`object key outside its bucket: ${bucket}/${key}`)
    }
    return path
  }

  async write(
    bucket: string,
    key: string,
    body: Buffer,
    metadata?: Readonly<Record<string, string>>,
  ): Promise<void> {
    const path = this.pathOf(bucket, key)
    if (metadata !== undefined) {
      await writeAtomically(`${path}.metadata.json`, Buffer.from(JSON.stringify(metadata)))
    }
    await writeAtomically(path, body)
  }
}
