/**
 * Trail digest files in CloudTrail's layout and structure (CloudTrail User Guide, "CloudTrail
 * digest file structure" and "Custom implementations of CloudTrail log file integrity
 * validation"): `AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
 * <account>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz`, listing
 * the log files delivered since the previous digest with the SHA-256 of their uncompressed
 * content, chained to the previous digest by its hash and signature.
 *
 * The one difference from AWS: the signature is Ed25519 with the audit trail's digest key
 * (`DigestSigner`, whose public key `xaccess audit public-key` prints), not SHA256withRSA, and
 * `digestSignatureAlgorithm` says `Ed25519`. It signs the data signing string AWS documents
 * (end time, bucket/object, hex SHA-256 of the uncompressed digest, previous signature).
 */
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { cloudTrailTime } from '../audit-record.ts'
import { logFolder } from '../log-files.ts'
import type { DeliveredLogFile, DigestHead, TrailRecord } from './trail-store.ts'

/** What `digestSignatureAlgorithm` says. */
export const DIGEST_SIGNATURE_ALGORITHM = 'Ed25519'

/** Signs a digest's data signing string; hex. */
export interface TextSigner {
  readonly fingerprint: string
  signText(text: string): string
}

/** A digest file ready to write, and the head it makes. */
export interface DigestFile {
  readonly path: string
  readonly gzip: Buffer
  /** The S3 object metadata AWS stores beside it (`x-amz-meta-signature`, …). */
  readonly metadata: Readonly<Record<string, string>>
  readonly head: DigestHead
}

const pad = (n: number) => String(n).padStart(2, '0')
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`

/**
 * Builds the digest of one account and Region of a trail covering [start, end]. `previous` is
 * the chain's head, or undefined for a starting digest (its previous fields null).
 */
export function buildDigestFile(input: {
  readonly trail: TrailRecord
  readonly accountId: string
  readonly region: string
  readonly start: number
  readonly end: number
  readonly files: readonly DeliveredLogFile[]
  readonly previous: DigestHead | undefined
  readonly signer: TextSigner
}): DigestFile {
  const { trail, accountId, region, files, previous } = input
  const endDate = new Date(input.end)
  const folder = logFolder(
    trail.s3KeyPrefix,
    accountId,
    region,
    endDate,
    trail.organizationId,
    'CloudTrail-Digest',
  )
  const name = `${accountId}_CloudTrail-Digest_${region}_${trail.name}_${trail.homeRegion}_${stamp(endDate)}.json.gz`
  const path = `${folder}/${name}`
  const newest = files.length === 0 ? undefined : Math.max(...files.map((f) => f.newestEventTime))
  const oldest = files.length === 0 ? undefined : Math.min(...files.map((f) => f.oldestEventTime))
  const content = {
    awsAccountId: accountId,
    digestStartTime: cloudTrailTime(input.start),
    digestEndTime: cloudTrailTime(input.end),
    digestS3Bucket: trail.s3BucketName,
    digestS3Object: path,
    digestPublicKeyFingerprint: input.signer.fingerprint,
    digestSignatureAlgorithm: DIGEST_SIGNATURE_ALGORITHM,
    newestEventTime: newest === undefined ? null : cloudTrailTime(newest),
    oldestEventTime: oldest === undefined ? null : cloudTrailTime(oldest),
    previousDigestS3Bucket: previous?.s3Bucket ?? null,
    previousDigestS3Object: previous?.s3Object ?? null,
    previousDigestHashValue: previous?.hashValue ?? null,
    previousDigestHashAlgorithm: previous === undefined ? null : 'SHA-256',
    previousDigestSignature: previous?.signature ?? null,
    logFiles: files.map((f) => ({
      s3Bucket: f.s3Bucket,
      s3Object: f.s3Object,
      hashValue: f.hashValue,
      hashAlgorithm: 'SHA-256',
      newestEventTime: cloudTrailTime(f.newestEventTime),
      oldestEventTime: cloudTrailTime(f.oldestEventTime),
    })),
  }
  const text = JSON.stringify(content)
  const hashValue = createHash('sha256').update(text).digest('hex')
  const signature = input.signer.signText(
    digestSigningString(input.end, `${trail.s3BucketName}/${path}`, hashValue, previous?.signature),
  )
  return {
    path,
    gzip: gzipSync(text),
    metadata: {
      'x-amz-meta-signature': signature,
      'x-amz-meta-signature-algorithm': DIGEST_SIGNATURE_ALGORITHM,
    },
    head: {
      accountId,
      region,
      endTime: input.end,
      s3Bucket: trail.s3BucketName,
      s3Object: path,
      hashValue,
      signature,
    },
  }
}

/**
 * AWS's data signing string: digest end time, `bucket/object`, hex SHA-256 of the uncompressed
 * digest, and the previous digest's hex signature (`null` for a starting digest).
 */
export function digestSigningString(
  end: number,
  s3Path: string,
  hashValue: string,
  previousSignature: string | undefined,
): string {
  return [cloudTrailTime(end), s3Path, hashValue, previousSignature ?? 'null'].join('\n')
}
