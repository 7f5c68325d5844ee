/**
 * Block Public Access (Amazon S3 User Guide, "Blocking public access to your Amazon S3
 * storage"): the four settings, per bucket and per account, the stricter of the two applying.
 */

/** The four settings. */
export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean
  readonly IgnorePublicAcls: boolean
  readonly BlockPublicPolicy: boolean
  readonly RestrictPublicBuckets: boolean
}

/** The names of the settings, in S3's order. */
export const PUBLIC_ACCESS_BLOCK_SETTINGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const

/** The settings in force: each on when either the bucket's or the account's is on. */
export function effectiveBlock(
  bucket: PublicAccessBlock | undefined,
  account: PublicAccessBlock | undefined,
): PublicAccessBlock {
  const on = (k: (typeof PUBLIC_ACCESS_BLOCK_SETTINGS)[number]) =>
    bucket?.[k] === true || account?.[k] === true
  return {
    BlockPublicAcls: on('BlockPublicAcls'),
    IgnorePublicAcls: on('IgnorePublicAcls'),
    BlockPublicPolicy: on('BlockPublicPolicy'),
    RestrictPublicBuckets: on('RestrictPublicBuckets'),
  }
}

/** Canned ACLs that grant to everyone or to every AWS account. */
export const PUBLIC_CANNED_ACLS = new Set([
  'public-read',
  'public-read-write',
  'authenticated-read',
])
