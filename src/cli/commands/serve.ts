/** `xaccess serve`: the server, on SQLite in the data dir or on PostgreSQL (ARCHITECTURE.md). */
import { parseArgs } from 'node:util'
import { startServer } from '../../server/index.ts'
import { jsonLog } from '../../server/server-log.ts'
import { METRICS_ACCESS } from '../../server/operational-routes.ts'
import { JOURNAL_DURABILITIES } from '../../storage/index.ts'

export const SERVE_HELP = `usage: xaccess serve [--host 127.0.0.1] [--port 4599] [--https-port P] [--data-dir .xaccess]
                     [--database URL] [--s3-dir DIR] [--org FILE] [--metrics loopback|any|off]
                     [--audit-durability disk|process]

Runs the AWS-compatible endpoint on one port: Organizations, IAM, STS, IAM Identity Center
(identitystore, sso-admin, sso-oidc, the SSO portal API), CloudTrail (every call recorded;
LookupEvents, trails), IAM Access Analyzer (ValidatePolicy), S3 (buckets and objects whose bucket
policies the engine enforces; path-style /<bucket>/<key> or <bucket>.localhost), the access portal
(/portal/) and the console (/console/).

  --host HOST        address to listen on (default 127.0.0.1)
  --port PORT        port to listen on (default 4599; 0 picks a free one)
  --https-port P     also serve every route over HTTPS on P, with a self-signed certificate made
                     at first start at DIR/tls/cert.pem (trust it: aws --ca-bundle DIR/tls/cert.pem)
  --data-dir DIR     where the SQLite database, the master key and bootstrap.json live
                     (default .xaccess)
  --database URL     postgres://user:pass@host:port/db to use PostgreSQL instead of SQLite
  --s3-dir DIR       where S3 object bytes live (default DIR/s3 under the data dir); with several
                     nodes on one PostgreSQL, give every node the same shared folder here and a
                     data dir of its own (each node keeps its own audit journal there)
  --org FILE         apply an organization file at start (idempotent)
  --walkthrough      print AWS CLI commands to try once listening
  --metrics WHO      who may read Prometheus metrics at GET /metrics: loopback clients
                     (default), any client, or off
  --audit-durability D  when a call is answered, as to its audit events (kept first in a
                     journal in the data dir): disk (default) once they are on disk, so they
                     survive a power loss or a kernel crash; process once the operating system
                     holds them (written, not yet flushed), so they survive the server process
                     being killed (SIGKILL, out of memory) but the last ~100 ms of them may be lost
                     if the machine crashes; faster, as a call no longer waits for the disk

GET /health answers 200 while the process runs; GET /ready answers 200 once it takes work (store
migrated and bootstrapped, database answering) and 503 while starting or shutting down. SIGTERM
or SIGINT stops accepting connections, lets requests in flight finish (10 s at most), flushes the
audit trail and closes the database.

On first start with an empty store it creates the organization and its management account,
prints the management account root's access key once, and writes it to DIR/bootstrap.json
(mode 0600). Set XACCESS_MASTER_KEY (base64, 32 bytes) to share one key between nodes.
S3 object bytes live in DIR/s3/ (with PostgreSQL, a directory every node shares), metadata in
the database. Trails deliver log and digest files to DIR/trails/<bucket>/… every
XACCESS_TRAIL_DELIVERY_INTERVAL_MS (default 60000); digests every
XACCESS_TRAIL_DIGEST_INTERVAL_MS (default 3600000).
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs the server until SIGINT or SIGTERM; returns the exit code. */
export async function serveCommand(argv: readonly string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '4599' },
        'https-port': { type: 'string' },
        'data-dir': { type: 'string', default: '.xaccess' },
        database: { type: 'string' },
        's3-dir': { type: 'string' },
        org: { type: 'string' },
        walkthrough: { type: 'boolean' },
        metrics: { type: 'string', default: 'loopback' },
        'audit-durability': { type: 'string', default: 'disk' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (e) {
    io.stderr.write(`xaccess serve: ${(e as Error).message}\n\n${SERVE_HELP}`)
    return 2
  }
  if (values.help === true) {
    io.stdout.write(SERVE_HELP)
    return 0
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(
      `xaccess serve: --port must be a number from 0 to 65535, not '${String(values.port)}'\n`,
    )
    return 2
  }
  const httpsPort = values['https-port'] === undefined ? undefined : Number(values['https-port'])
  if (
    httpsPort !== undefined &&
    (!Number.isInteger(httpsPort) || httpsPort < 0 || httpsPort > 65535)
  ) {
    io.stderr.write(
      `xaccess serve: --https-port must be a number from 0 to 65535, not '${String(values['https-port'])}'\n`,
    )
    return 2
  }
  const metricsAccess = METRICS_ACCESS.find((m) => m === values.metrics)
  if (metricsAccess === undefined) {
    io.stderr.write(
      `xaccess serve: --metrics must be one of ${METRICS_ACCESS.join(', ')}, not '${String(values.metrics)}'\n`,
    )
    return 2
  }
  const auditDurability = JOURNAL_DURABILITIES.find((d) => d === values['audit-durability'])
  if (auditDurability === undefined) {
    io.stderr.write(
      `xaccess serve: --audit-durability must be one of ${JOURNAL_DURABILITIES.join(', ')}, not '${String(values['audit-durability'])}'\n`,
    )
    return 2
  }
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer({
      host: String(values.host),
      port,
      ...(httpsPort === undefined ? {} : { httpsPort }),
      dataDir: String(values['data-dir']),
      ...(typeof values.database === 'string' ? { database: values.database } : {}),
      ...(typeof values['s3-dir'] === 'string' ? { s3Dir: values['s3-dir'] } : {}),
      ...(typeof values.org === 'string' ? { orgFile: values.org } : {}),
      walkthrough: values.walkthrough === true,
      metricsAccess,
      auditDurability,
      out: io.stdout,
      log: jsonLog(io.stderr),
    })
  } catch (e) {
    io.stderr.write(`xaccess serve: ${(e as Error).message}\n`)
    return 1
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.close()
  return 0
}
