/**
 * Starts xaccess: opens the store (SQLite in the data dir, or PostgreSQL), migrates it, wires the
 * services, bootstraps an empty store (organization, management account, root access key →
 * bootstrap.json), applies an organization file, and serves every service on one port.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  openDatabase,
  migrateToLatest,
  openPolicyChangeChannel,
  SqlAuditStore,
  SqlOrganizationsStore,
  type JournalDurability,
  type PolicyChangeChannel,
} from '../storage/index.ts'
import { SqlTrailStore } from '../storage/trails/index.ts'
import { BLOBS_FOLDER } from '../storage/s3/index.ts'
import { pendingMigrations } from '../storage/migrations/index.ts'
import { postgresPoolUse } from '../storage/postgres/index.ts'
import { sql } from 'kysely'
import { TrailDelivery } from '../domain/cloudtrail/trails/index.ts'
import { OrgPolicySource } from '../domain/organizations/index.ts'
import { PolicyGeneration } from '../domain/authorization/policy-generation.ts'
import { SealedBox } from '../domain/common/sealed-box.ts'
import { DigestSigner } from '../domain/cloudtrail/index.ts'
import { createApp } from './app.ts'
import { createS3Endpoint } from './s3/s3-endpoint.ts'
import { listenHttps } from './https-listener.ts'
import { FileTrailDestination, TRAILS_FOLDER } from './trail-file-destination.ts'
import { publishAuditPublicKey } from './audit-public-key.ts'
import { writeBootstrapFile, type BootstrapInfo } from './bootstrap-file.ts'
import { initialPasswordsInDataDir } from './initial-password-file.ts'
import { signInHint } from './sign-in-hint.ts'
import { createHttpHandler } from './http-handler.ts'
import { createOperationalRoutes, type MetricsAccess } from './operational-routes.ts'
import { ServerMetrics } from './server-metrics.ts'
import { createStaticFiles } from './static-files.ts'
import { createPortalRoutes } from './portal/index.ts'
import { loadMasterKey } from './master-key.ts'
import { walkthrough } from './walkthrough.ts'
import { createScimRoutes } from './scim/scim-routes.ts'
import { createExternalSignInRoutes } from './portal/external-sign-in-routes.ts'
import type { ServerLog } from './server-log.ts'

/** How long an unsealed chain end must be idle before another node seals it. */
const AUDIT_IDLE_CHAIN_MS = 30_000
/** The audit trail's journal, in the data dir (see JournaledAuditStore). */
const AUDIT_JOURNAL_FOLDER = 'audit-journal'

export interface ServeOptions {
  readonly host: string
  readonly port: number
  /** Also serve every route over HTTPS on this port (`<data-dir>/tls/cert.pem`, self-signed). */
  readonly httpsPort?: number
  readonly dataDir: string
  /** `postgres://…`; SQLite in the data dir when absent. */
  readonly database?: string
  /** Where S3 object bytes live (default `<data-dir>/s3`; one shared folder for several nodes). */
  readonly s3Dir?: string
  readonly orgFile?: string
  /** Print a walkthrough of AWS CLI commands once listening (npm start). */
  readonly walkthrough?: boolean
  /** Where the listening line and the bootstrap credentials are printed. */
  readonly out: NodeJS.WritableStream
  readonly log: ServerLog
  /** Record every call in the audit trail (default true; off only to measure its cost). */
  readonly audit?: boolean
  /**
   * `disk` (default): a call is answered once its events are on disk (they survive a machine
   * crash); `process`: once the kernel holds them (they survive the process being killed, not a
   * power loss), synced within 100 ms.
   */
  readonly auditDurability?: JournalDurability
  /**
   * Between trail delivery rounds, ms (default XACCESS_TRAIL_DELIVERY_INTERVAL_MS, else 60 000);
   * between a trail's digest files (default XACCESS_TRAIL_DIGEST_INTERVAL_MS, else one hour).
   */
  readonly trailDeliveryIntervalMs?: number
  readonly trailDigestIntervalMs?: number
  /** Who may read `GET /metrics` (default loopback clients only; see operational-routes.ts). */
  readonly metricsAccess?: MetricsAccess
  /** At close, how long in-flight requests may take before their connections are cut (10 000). */
  readonly shutdownGraceMs?: number
}

/** A positive number of ms from the environment, or the default. */
function msFromEnv(name: string, fallback: number): number {
  const n = Number(process.env[name])
  return Number.isFinite(n) && n > 0 ? n : fallback
}

export interface RunningServer {
  readonly url: string
  /** The HTTPS endpoint, with `--https-port`. */
  readonly httpsUrl?: string
  /** Present when this start created the organization. */
  readonly bootstrap: BootstrapInfo | undefined
  close(): Promise<void>
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
).version

/** Starts the server; resolves once it accepts requests. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const masterKey = loadMasterKey(opts.dataDir)
  const box = new SealedBox(masterKey)
  const auditSigner = opts.audit === false ? undefined : new DigestSigner(masterKey)
  const database = openDatabase(opts.database, opts.dataDir)
  await migrateToLatest(database.db, database.dialect)
  // On PostgreSQL several nodes may share the store: tell each other about policy changes.
  let channel: PolicyChangeChannel | undefined
  const generation = new PolicyGeneration((scopes) => channel?.notify(scopes))
  if (database.dialect === 'postgres' && opts.database !== undefined) {
    channel = await openPolicyChangeChannel(
      opts.database,
      (scopes) => generation.bumpFromPeer(scopes),
      (e) => opts.log.warn('policy-change-channel', { error: e.message }),
    )
  }
  const metrics = new ServerMetrics({ pool: () => postgresPoolUse(database.db) })
  const app = createApp({
    metrics,
    db: database.db,
    box,
    log: opts.log,
    generation,
    ...(auditSigner === undefined
      ? {}
      : {
          auditSigner,
          auditJournalDir: join(opts.dataDir, AUDIT_JOURNAL_FOLDER),
          auditDurability: opts.auditDurability ?? 'disk',
        }),
  })
  if (auditSigner !== undefined) publishAuditPublicKey(opts.dataDir, auditSigner)
  // S3 (issue 13): its own route on the port, and where trails deliver when their bucket is here.
  const s3 = createS3Endpoint({
    db: database.db,
    blobsDir: opts.s3Dir ?? join(opts.dataDir, BLOBS_FOLDER),
    generation,
    authenticator: app.authenticator,
    audit: app.audit,
    log: opts.log,
  })
  // Trails deliver their log and digest files on a timer, never on a request's path.
  const delivery =
    auditSigner === undefined
      ? undefined
      : new TrailDelivery({
          trails: new SqlTrailStore(database.db),
          organizations: new OrgPolicySource(new SqlOrganizationsStore(database.db)),
          audit: new SqlAuditStore(database.db),
          destination: s3.trailDestination(
            new FileTrailDestination(join(opts.dataDir, TRAILS_FOLDER)),
          ),
          signer: auditSigner,
          intervalMs:
            opts.trailDeliveryIntervalMs ?? msFromEnv('XACCESS_TRAIL_DELIVERY_INTERVAL_MS', 60_000),
          digestIntervalMs:
            opts.trailDigestIntervalMs ?? msFromEnv('XACCESS_TRAIL_DIGEST_INTERVAL_MS', 3_600_000),
          onError: (trailArn, e) =>
            opts.log.warn('trail-delivery-failed', {
              trail: trailArn,
              error: e instanceof Error ? e.message : String(e),
            }),
        })

  // Requests that arrive before the store is bootstrapped wait here.
  let ready!: () => void
  const readiness = new Promise<void>((resolve) => (ready = resolve))
  const handler = createHttpHandler({
    portal: createPortalRoutes({
      portal: app.portal,
      log: opts.log,
      ...(app.recordEvents === undefined ? {} : { recordEvents: app.recordEvents }),
    }),
    scim: createScimRoutes({
      scim: app.scim,
      log: opts.log,
      unit: (request, work) => app.scimUnit(request, work),
    }),
    externalSignIn: createExternalSignInRoutes({
      external: app.externalSignIn,
      sessions: app.portal.portalApi.sessions,
      log: opts.log,
      ...(app.recordEvents === undefined ? {} : { recordEvents: app.recordEvents }),
    }),
    console: app.console,
    web: createStaticFiles(),
    services: app.services,
    authenticator: app.authenticator,
    dispatcher: app.dispatcher,
    log: opts.log,
    version: VERSION,
    metrics,
    s3,
  })
  let started = false
  let draining = false
  const operational = createOperationalRoutes({
    metrics,
    ...(opts.metricsAccess === undefined ? {} : { metricsAccess: opts.metricsAccess }),
    readiness: async () => {
      if (draining) return { ready: false, reason: 'shutting down' }
      if (!started) return { ready: false, reason: 'starting' }
      await withTimeout(sql`select 1`.execute(database.db), 2000, 'the database does not answer')
      const pending = await pendingMigrations(database.db)
      if (pending.length > 0)
        return { ready: false, reason: `migrations pending: ${pending.join(', ')}` }
      return { ready: true }
    },
  })
  // Responses still being written while the server drains close their connection.
  const inFlight = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    inFlight.add(res)
    res.once('close', () => inFlight.delete(res))
    if (draining) res.setHeader('connection', 'close')
    void operational(req, res).then((answered) => {
      if (answered) return undefined
      // Read-your-writes across nodes: hear every policy change committed before this request.
      if (channel !== undefined)
        return readiness.then(() => channel!.sync()).then(() => handler(req, res))
      return readiness.then(() => handler(req, res))
    })
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  const url = `http://${host}:${port}`
  const secure =
    opts.httpsPort === undefined
      ? undefined
      : await listenHttps(server, { host: opts.host, port: opts.httpsPort, dataDir: opts.dataDir })
  // A killed node's unsealed chain end gets a digest once it has been idle three digest
  // intervals (see AuditTrail.sealIdleChains): checked at start and every minute.
  const sealIdle = () =>
    void app.audit
      ?.sealIdleChains(AUDIT_IDLE_CHAIN_MS)
      .then((nodes) => {
        if (nodes.length > 0) opts.log.info('audit-sealed-idle-chains', { nodes })
      })
      .catch((e: unknown) =>
        opts.log.warn('audit-seal-idle', { error: e instanceof Error ? e.message : String(e) }),
      )
  let sealTimer: NodeJS.Timeout | undefined
  // Graceful: stop accepting, let in-flight requests finish (at most the grace period), then
  // flush the audit trail and close the pool.
  const close = async () => {
    draining = true
    if (sealTimer !== undefined) clearInterval(sealTimer)
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close')
    const grace = setTimeout(() => server.closeAllConnections(), opts.shutdownGraceMs ?? 10_000)
    await closed
    clearTimeout(grace)
    server.closeAllConnections()
    await secure?.close()
    await delivery?.close()
    await app.audit?.close()
    await channel?.close()
    await database.close()
  }

  try {
    // What a killed process acknowledged but left in its audit journal reaches the tables first.
    await app.audit?.start()
    let bootstrap: BootstrapInfo | undefined
    if (await app.isEmpty()) {
      const created = await app.bootstrap(opts.orgFile)
      const info: BootstrapInfo = { endpoint: url, portalUrl: `${url}/portal/`, ...created }
      bootstrap = info
      const file = writeBootstrapFile(opts.dataDir, info)
      opts.out.write(
        `Created organization ${created.organizationId} with management account ${created.accountId}.\n` +
          `Its root user's access key (shown once, also in ${file}):\n` +
          `  AWS_ACCESS_KEY_ID=${created.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${created.secretAccessKey}\n`,
      )
    }
    let accountIds: Readonly<Record<string, string>> = {}
    let signIn = ''
    if (opts.orgFile !== undefined) {
      const passwords = initialPasswordsInDataDir(opts.dataDir, `${url}/portal/`)
      const applied = await app.applyOrganizationFile(
        opts.orgFile,
        (line) => opts.out.write(`  ${line}\n`),
        passwords,
      )
      accountIds = applied.accountIds
      opts.out.write(`Applied ${opts.orgFile}: ${applied.summary}\n`)
      signIn = signInHint(applied.file, `${url}/portal/`, passwords.file)
    }
    ready()
    started = true
    delivery?.start()
    sealIdle()
    sealTimer = setInterval(sealIdle, 60_000)
    sealTimer.unref()
    // One write: whoever waits for the listening line reads the sign-in hint with it.
    opts.out.write(
      `xaccess listening on ${url}\n` +
        (secure === undefined
          ? ''
          : `xaccess listening on ${secure.url} (certificate ${secure.certPath})\n`) +
        signIn,
    )
    if (opts.walkthrough === true) opts.out.write(walkthrough(url, opts.dataDir, accountIds))
    return { url, bootstrap, close, ...(secure === undefined ? {} : { httpsUrl: secure.url }) }
  } catch (e) {
    await close()
    throw e
  }
}

/** `promise`, or a rejection with `message` after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ])
  } finally {
    clearTimeout(timer)
  }
}
