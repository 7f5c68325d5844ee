/**
 * Runs one integration suite against a real `xaccess serve` process on every database: SQLite (a
 * fresh data dir) and PostgreSQL (a fresh database `xaccess_it_<random>` created through
 * XACCESS_TEST_POSTGRES_URL by a role with CREATEDB, dropped afterwards). PostgreSQL unreachable:
 * its suites are skipped with a message, except under CI=true where that is a failure. One server
 * per database per test file, started in `before` and reused by every test of the suite.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl as redacted,
} from '../support/test-postgres.ts'

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

const unreachable = await postgresUnreachable()

/**
 * Declares `title` once per database; `body` declares the tests, reaching the server through
 * `ctx.server()`.
 */
export function serverSuite(
  title: string,
  body: (ctx: SuiteContext) => void,
  options: { orgFile?: string; env?: NodeJS.ProcessEnv } = {},
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
          const created = await createPostgresDatabase('xaccess_it')
          url = created.url
          drop = created.drop
        }
        server = await startServerProcess({
          ...(url === undefined ? {} : { database: url }),
          ...(options.orgFile === undefined ? {} : { orgFile: options.orgFile }),
          ...(options.env === undefined ? {} : { env: options.env }),
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
