// The test databases the storage contract suites run on: what storage.test.ts hands each suite,
// and the hooks with which a suite opens, migrates and drops its own.
import { after, before } from 'node:test'
import type { Database, OpenDatabaseOptions } from './create-database.ts'
import { openDatabase } from './create-database.ts'
import { migrateToLatest } from './migrations/index.ts'

/** A fresh, empty database made for one suite, and how to reach it again. */
export interface TestDatabase {
  /** `--database` URL (undefined: SQLite in `dataDir`). */
  readonly url: string | undefined
  readonly dataDir: string
  readonly options: OpenDatabaseOptions
  /** Removes the database (schema or files). */
  drop(): Promise<void>
}

/** Makes a fresh, empty test database. */
export type TestDatabaseFactory = () => Promise<TestDatabase>

/** Opens a new connection (pool) to a test database. */
export function connect(target: TestDatabase): Database {
  return openDatabase(target.url, target.dataDir, target.options)
}

/** A suite's database, there from the suite's first `before` hook until its `after` hooks. */
export interface SuiteDatabase {
  /** The database the factory made. */
  readonly target: TestDatabase
  /** The suite's connection to it, migrated to the latest schema. */
  readonly database: Database
}

/**
 * Registers hooks in the current suite: before its tests, make a database with `factory`,
 * connect and migrate it; after them, close the connection and drop the database.
 *
 * @example
 * const suite = suiteDatabase(factory)
 * before(() => {
 *   store = new SqlIamStore(suite.database.db)
 * })
 */
export function suiteDatabase(factory: TestDatabaseFactory): SuiteDatabase {
  let target: TestDatabase | undefined
  let database: Database | undefined
  before(async () => {
    target = await factory()
    database = connect(target)
    await migrateToLatest(database.db, database.dialect)
  })
  after(async () => {
    await database?.close()
    await target?.drop()
  })
  return {
    get target() {
      return target ?? notOpenYet()
    },
    get database() {
      return database ?? notOpenYet()
    },
  }
}

function notOpenYet(): never {
  throw new Error('the suite database opens in the before hook of its suite')
}
