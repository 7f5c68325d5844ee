/**
 * `xaccess audit`: verify the trail's hash chains and signed digests, follow events live, export
 * them as CloudTrail log files, print the digest public key. Reads a server's store (also while
 * that server runs); never changes it.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  formatVerification,
  logFiles,
  verifyAuditTrail,
  type AuditStore,
  type CloudTrailRecord,
  type EventQuery,
  type StoredEvent,
} from '../../domain/cloudtrail/index.ts'
import { auditPublicKey, openAuditStore } from '../../server/index.ts'
import { parseCommandLine } from '../parse-command-line.ts'

export const AUDIT_HELP = `usage: xaccess audit <verify|tail|export|public-key> [options]

  verify       check every event's hash chain and every signed digest; exit 0 with a line
               that says OK, exit 1 naming each altered, deleted, inserted or reordered event
               and each digest whose chain or signature fails
  tail         print events as they are recorded (newest last), until interrupted
               [--account ID] [--principal ARN] [--errors] [--json] [--since TIME]
  export       write events as CloudTrail log files (gzipped {"Records": [...]}, one file per
               account, region and hour, under AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/)
               --since TIME [--until TIME] [--account ID] [--out DIR (default ./audit-export)]
  public-key   print the digest public key (PEM)

Every subcommand reads the store of --data-dir DIR (default .xaccess) or --database URL.
verify takes the public key from --public-key FILE, else from the master key
(XACCESS_MASTER_KEY or DIR/master.key), else DIR/audit-public-key.pem.
TIME is ISO 8601 (2026-12-07T17:00:00Z) or a duration back from now (15m, 2h, 7d).
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }
type Values = Record<string, string | boolean | string[] | undefined>

/** A time given as ISO 8601 or a duration back from now (`15m`, `2h`, `7d`), in epoch ms. */
export function parseTime(text: string, now = Date.now()): number {
  const d = /^(\d+)([smhd])$/.exec(text)
  if (d !== null) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[d[2] as 's' | 'm' | 'h' | 'd']
    return now - Number(d[1]) * unit
  }
  const t = Date.parse(text)
  if (Number.isNaN(t))
    throw new Error(`'${text}' is not a time (2026-12-07T17:00:00Z) or a duration (15m, 2h, 7d)`)
  return t
}

async function withStore<T>(values: Values, fn: (store: AuditStore) => Promise<T>): Promise<T> {
  const opened = await openAuditStore(
    String(values['data-dir']),
    typeof values.database === 'string' ? values.database : undefined,
  )
  try {
    return await fn(opened.store)
  } finally {
    await opened.close()
  }
}

/** Every event matching `q`, oldest first, page by page. */
async function* eventsOf(
  store: AuditStore,
  q: Omit<EventQuery, 'limit' | 'before'>,
): AsyncGenerator<StoredEvent[]> {
  const pages: StoredEvent[][] = []
  for (let before: StoredEvent | undefined; ;) {
    const page = await store.query({
      ...q,
      limit: 1000,
      ...(before === undefined
        ? {}
        : { before: { eventTime: before.eventTime, nodeId: before.nodeId, seq: before.seq } }),
    })
    if (page.length > 0) pages.push(page)
    if (page.length < 1000) break
    before = page[page.length - 1]
  }
  for (const page of pages.reverse()) yield page.reverse()
}

function line(e: StoredEvent): string {
  const r = JSON.parse(e.record) as CloudTrailRecord
  const who =
    r.userIdentity.arn ?? `${r.userIdentity.type} ${r.userIdentity.accountId ?? ''}`.trim()
  const error = r.errorCode === undefined ? '' : `  ${r.errorCode}`
  return `${r.eventTime}  ${r.recipientAccountId}  ${r.eventSource.replace('.amazonaws.com', '')}:${r.eventName}  ${who}  ${r.sourceIPAddress}${error}`
}

async function verify(values: Values, io: Io): Promise<number> {
  const key = auditPublicKey(
    String(values['data-dir']),
    typeof values['public-key'] === 'string' ? values['public-key'] : undefined,
  )
  const report = await withStore(values, (store) => verifyAuditTrail(store, key))
  io.stdout.write(formatVerification(report))
  return report.ok ? 0 : 1
}

async function tail(values: Values, io: Io): Promise<number> {
  const filter = {
    ...(typeof values.account === 'string' ? { accountId: values.account } : {}),
    ...(typeof values.principal === 'string' ? { principalArn: values.principal } : {}),
    ...(values.errors === true ? { errorsOnly: true } : {}),
  }
  const print = (e: StoredEvent) =>
    io.stdout.write((values.json === true ? e.record : line(e)) + '\n')
  let stop = false
  const onSignal = () => (stop = true)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await withStore(values, async (store) => {
      let since = typeof values.since === 'string' ? parseTime(values.since) : Date.now() - 60_000
      const seen = new Set<string>()
      while (!stop) {
        for await (const page of eventsOf(store, { ...filter, startTime: since })) {
          for (const e of page) {
            if (seen.has(e.eventId)) continue
            seen.add(e.eventId)
            print(e)
            since = Math.max(since, e.eventTime)
          }
        }
        // Keep only what the next poll can return again (events at `since`'s millisecond or later).
        if (seen.size > 10_000) seen.clear()
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    })
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  return 0
}

async function exportFiles(values: Values, io: Io): Promise<number> {
  if (typeof values.since !== 'string') {
    io.stderr.write(`xaccess audit export: --since is required\n\n${AUDIT_HELP}`)
    return 2
  }
  const out = typeof values.out === 'string' ? values.out : 'audit-export'
  const q = {
    startTime: parseTime(values.since),
    ...(typeof values.until === 'string' ? { endTime: parseTime(values.until) } : {}),
    ...(typeof values.account === 'string' ? { accountId: values.account } : {}),
  }
  let files = 0
  let records = 0
  await withStore(values, async (store) => {
    const all: CloudTrailRecord[] = []
    for await (const page of eventsOf(store, q))
      for (const e of page) all.push(JSON.parse(e.record) as CloudTrailRecord)
    for (const f of logFiles(all, '')) {
      const path = join(out, f.path)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(`${path}.tmp`, f.gzip)
      renameSync(`${path}.tmp`, path)
      files++
      records += f.records
    }
  })
  io.stdout.write(`wrote ${records} events in ${files} log files under ${out}\n`)
  return 0
}

/** Runs `xaccess audit …`; returns the exit code. */
export async function auditCommand(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(AUDIT_HELP)
    return sub === undefined ? 2 : 0
  }
  const line = parseCommandLine(
    'audit',
    rest,
    {
      'data-dir': { type: 'string', default: '.xaccess' },
      database: { type: 'string' },
      'public-key': { type: 'string' },
      account: { type: 'string' },
      principal: { type: 'string' },
      errors: { type: 'boolean' },
      json: { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      out: { type: 'string' },
    },
    AUDIT_HELP,
    io,
  )
  if (typeof line === 'number') return line
  const values = line.values
  try {
    switch (sub) {
      case 'verify':
        return await verify(values, io)
      case 'tail':
        return await tail(values, io)
      case 'export':
        return await exportFiles(values, io)
      case 'public-key':
        io.stdout.write(
          auditPublicKey(
            String(values['data-dir']),
            typeof values['public-key'] === 'string' ? values['public-key'] : undefined,
          )
            .export({ format: 'pem', type: 'spki' })
            .toString(),
        )
        return 0
      default:
        io.stderr.write(`xaccess audit: unknown subcommand '${sub}'\n\n${AUDIT_HELP}`)
        return 2
    }
  } catch (e) {
    io.stderr.write(`xaccess audit ${sub}: ${(e as Error).message}\n`)
    return 2
  }
}
