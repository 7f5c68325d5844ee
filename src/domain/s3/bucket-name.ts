/**
 * The naming rules of general purpose buckets (Amazon S3 User Guide, "General purpose bucket
 * naming rules") and of object keys (at most 1024 bytes of UTF-8).
 */

const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-']
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']

/** True when `name` may name a new bucket. */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false
  if (name.includes('..') || IP_ADDRESS.test(name)) return false
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) return false
  return !RESERVED_SUFFIXES.some((s) => name.endsWith(s))
}

/**
 * True when `name` could be an existing bucket's (the looser rule S3 applies before looking it
 * up: legacy names may have capitals and underscores).
 */
export function isPlausibleBucketName(name: string): boolean {
  return /^[A-Za-z0-9._-]{3,255}$/.test(name)
}

/** The largest object key, in bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024

/** True when `key` is too long to be an object key. */
export const isKeyTooLong = (key: string): boolean => Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES
