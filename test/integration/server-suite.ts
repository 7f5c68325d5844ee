/**
 * Runs one integration suite against a real `xaccess serve` process on every database: SQLite (a
 * fresh data dir) and PostgreSQL (a fresh database `xaccess_it_<random>` created through
 * XACCESS_TEST_POSTGRES_URL by a role with CREATEDB, dropped afterwards). PostgreSQL unreachable:
 * its suites are skipped with a message, except under CI=true where that is a failure. One server
 * per database per test file, started in `before` and reused by every test of the suite.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'

const POSTGRES_URL =
  process.env.XACCESS_TEST_POSTGRES_URL ?? 'postgres://xaccess:xaccess@127.0.0.1:5432/xaccess_test'

/** A suite that takes longer has hung (a request without an answer): fail it, do not wait. */
const SUITE_TIMEOUT_MS = 60_000

/** The names of the databases a suite runs on. */
export const DATABASES = ['sqlite', 'postgres'] as const
export type DatabaseName = (typeof DATABASES)[number]

/** What a suite body gets: the running server (valid inside tests and hooks). */
export interface SuiteContext {
  readonly database: DatabaseName
  server(): ServerProcess
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const unreachable = await withAdmin((c) => c.query('select 1')).then(
  () => undefined,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
)
const redacted = POSTGRES_URL.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')

/** A fresh PostgreSQL database; `drop` removes it (and any connection left to it). */
async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `xaccess_it_${randomBytes(6).toString('hex')}`
  await withAdmin((c) => c.query(`create database ${name}`))
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  }
}

/**
 * Declares `title` once per database; `body` declares the tests, reaching the server through
 * `ctx.server()`.
 */
export function serverSuite(
  title: string,
  body: (ctx: SuiteContext) => void,
  options: { orgFile?: string } = {},
): void {
  for (const database of DATABASES) {
    if (database === 'postgres' && unreachable !== undefined) {
      if (process.env.CI === 'true') {
        it(`${title} on postgres: PostgreSQL is reachable (required under CI=true)`, () => {
          assert.fail(`PostgreSQL not reachable at ${redacted}: ${unreachable}`)
        })
      } else {
        it(`${title} on postgres`, {
          skip: `PostgreSQL not reachable at ${redacted} (${unreachable}); set XACCESS_TEST_POSTGRES_URL`,
        })
      }
      continue
    }
    describe(`${title} on ${database}`, { timeout: SUITE_TIMEOUT_MS }, () => {
      let server: ServerProcess | undefined
      let drop: (() => Promise<void>) | undefined
      before(async () => {
        let url: string | undefined
        if (database === 'postgres') {
          const created = await createPostgresDatabase()
          url = created.url
          drop = created.drop
        }
        server = await startServerProcess({
          ...(url === undefined ? {} : { database: url }),
          ...(options.orgFile === undefined ? {} : { orgFile: options.orgFile }),
        })
      })
      after(async () => {
        await server?.stop()
        await drop?.()
      })
      body({
        database,
        server: () => {
          assert.ok(server, 'the server is not running')
          return server
        },
      })
    })
  }
}
