import type { PolicyType } from '../types.ts'

/** How large a policy of one type may be, and how AWS counts its size. */
export interface PolicySizeLimit {
  /** The most characters a policy may have. */
  readonly maxChars: number
  /** True when white space counts towards the size; IAM does not count it (outside strings). */
  readonly countsWhitespace: boolean
  /** Where the figure comes from. */
  readonly source: string
}

/**
 * The size limit of each policy type. Where one type covers several AWS limits, it takes the one
 * for the most common use, as noted.
 */
export const POLICY_SIZE_LIMITS: { readonly [T in PolicyType]: PolicySizeLimit } = {
  // IAM quotas: a customer managed policy. Inline policies have aggregate limits per entity
  // (user 2048, group 5120, role 10240), which only the caller that stores them can check.
  identity: {
    maxChars: 6144,
    countsWhitespace: false,
    source: 'IAM and AWS STS quotas: managed policy size',
  },
  // The largest common resource policy: an S3 bucket policy (20 KB). Other services differ.
  resource: {
    maxChars: 20480,
    countsWhitespace: true,
    source: 'Amazon S3: bucket policy size (20 KB)',
  },
  trust: {
    maxChars: 2048,
    countsWhitespace: false,
    source: 'IAM and AWS STS quotas: role trust policy length (default quota)',
  },
  scp: {
    maxChars: 5120,
    countsWhitespace: true,
    source: 'AWS Organizations quotas: SCP document size; all characters count',
  },
  rcp: {
    maxChars: 5120,
    countsWhitespace: true,
    source: 'AWS Organizations quotas: RCP document size; all characters count',
  },
  permissionBoundary: {
    maxChars: 6144,
    countsWhitespace: false,
    source: 'IAM and AWS STS quotas: managed policy size (a boundary is a managed policy)',
  },
  session: {
    maxChars: 2048,
    countsWhitespace: true,
    source: 'STS AssumeRole Policy parameter: plaintext of at most 2048 characters',
  },
}
