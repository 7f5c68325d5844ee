/**
 * CloudTrail's log file layout (CloudTrail User Guide, "Finding your CloudTrail log files"):
 * `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`,
 * each file a gzipped `{"Records": [...]}` of one account and region.
 */
import { createHash, randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { CloudTrailRecord } from './audit-record.ts'

/** One log file to write: its path under the destination and its gzipped content. */
export interface LogFile {
  readonly path: string
  readonly records: number
  readonly gzip: Buffer
  /** Hex SHA-256 of the uncompressed content (a digest file's `hashValue`). */
  readonly sha256: string
  /** The recipient account, Region and oldest and newest `eventTime` (epoch ms) of its records. */
  readonly account: string
  readonly region: string
  readonly oldestEventTime: number
  readonly newestEventTime: number
}

/** Options of {@link logFiles}. */
export interface LogFileOptions {
  /** An organization trail's files go under `AWSLogs/<organization id>/<account>/…`. */
  readonly organizationId?: string
  /** The file name's unique part for a group (`account|region|hour ms`); random by default. */
  readonly unique?: (group: string) => string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The folder of an account's log files of one region and day. */
export function logFolder(
  prefix: string,
  account: string,
  region: string,
  at: Date,
  organizationId?: string,
  kind: 'CloudTrail' | 'CloudTrail-Digest' = 'CloudTrail',
): string {
  const head = prefix === '' ? '' : `${prefix.replace(/\/+$/, '')}/`
  const org = organizationId === undefined ? '' : `${organizationId}/`
  return `${head}AWSLogs/${org}${account}/${kind}/${region}/${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}`
}

/** `YYYYMMDDTHHmmZ`, as in log file names. */
export function fileTime(at: Date): string {
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}Z`
}

/**
 * Groups records into log files: one per recipient account, region and hour of `eventTime`,
 * records in their given order.
 * @example logFiles(records, '').map((f) => f.path)
 */
export function logFiles(
  records: readonly CloudTrailRecord[],
  prefix: string,
  options: LogFileOptions = {},
): LogFile[] {
  const groups = new Map<
    string,
    { at: Date; account: string; region: string; items: CloudTrailRecord[] }
  >()
  for (const r of records) {
    const at = new Date(r.eventTime)
    const hour = new Date(
      Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours()),
    )
    const key = `${r.recipientAccountId}|${r.awsRegion}|${hour.getTime()}`
    let group = groups.get(key)
    if (group === undefined) {
      group = { at: hour, account: r.recipientAccountId, region: r.awsRegion, items: [] }
      groups.set(key, group)
    }
    group.items.push(r)
  }
  return [...groups.entries()].map(([key, g]) => {
    const unique = options.unique?.(key) ?? randomBytes(8).toString('hex').toUpperCase()
    const name = `${g.account}_CloudTrail_${g.region}_${fileTime(g.at)}_${unique}.json.gz`
    const text = JSON.stringify({ Records: g.items })
    const times = g.items.map((r) => Date.parse(r.eventTime))
    return {
      path: `${logFolder(prefix, g.account, g.region, g.at, options.organizationId)}/${name}`,
      records: g.items.length,
      gzip: gzipSync(text),
      sha256: createHash('sha256').update(text).digest('hex'),
      account: g.account,
      region: g.region,
      oldestEventTime: Math.min(...times),
      newestEventTime: Math.max(...times),
    }
  })
}
