/**
 * The PostgreSQL the integration tests use: XACCESS_TEST_POSTGRES_URL (a role with CREATEDB), each
 * suite in a fresh database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const TEST_POSTGRES_URL =
  process.env.XACCESS_TEST_POSTGRES_URL ?? 'postgres://xaccess:xaccess@127.0.0.1:5432/xaccess_test'

/** The URL with its password hidden, for messages. */
export const redactedPostgresUrl = TEST_POSTGRES_URL.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')

/** Runs `fn` with a connection to the test server's maintenance database. */
export async function withPostgresAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 3000,
  })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Why PostgreSQL cannot be reached, or undefined when it can. */
export const postgresUnreachable = (): Promise<string | undefined> =>
  withPostgresAdmin((c) => c.query('select 1')).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  )

/** A fresh database `<prefix>_<random>`; `drop` removes it (and any connection left to it). */
export async function createPostgresDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await withPostgresAdmin((c) => c.query(`create database ${name}`))
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () =>
      withPostgresAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(
        () => {},
      ),
  }
}
