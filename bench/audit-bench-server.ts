/**
 * Child process of bench/audit.bench.ts: one xaccess server on SQLite in DATA_DIR (or on the
 * PostgreSQL database given) with the audit trail on, with `--audit-durability disk` or
 * `process`, or off (`ServeOptions.audit`, which `xaccess serve` does not offer: the trail is off
 * only to measure what it costs). Runs the built package (dist/) or the sources (src/), prints
 * `xaccess listening on URL` like `xaccess serve`, and closes gracefully on SIGTERM (the last
 * events sealed, SQLite's WAL checkpointed).
 *
 * Usage: `node bench/audit-bench-server.ts <dist|src> <DATA_DIR> <disk|process|off> [DATABASE_URL]`
 * (`on`: `disk`)
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as ServerIndex from '../src/server/index.ts'

type ServerModule = typeof ServerIndex

const [from, dataDir, mode, database] = process.argv.slice(2)
if (
  (from !== 'dist' && from !== 'src') ||
  dataDir === undefined ||
  !['disk', 'process', 'on', 'off'].includes(mode!)
) {
  process.stderr.write(
    'usage: audit-bench-server.ts <dist|src> <DATA_DIR> <disk|process|off> [DATABASE_URL]\n',
  )
  process.exit(2)
}
const entry = resolve(
  import.meta.dirname,
  '..',
  from,
  'server',
  from === 'dist' ? 'index.js' : 'index.ts',
)
const { startServer, silentLog } = (await import(pathToFileURL(entry).href)) as ServerModule
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  ...(database === undefined ? {} : { database }),
  out: process.stdout,
  log: silentLog,
  audit: mode !== 'off',
  auditDurability: mode === 'process' ? 'process' : 'disk',
})
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0))
})
