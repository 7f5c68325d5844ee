import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StoreError } from '../../domain/common/store-error.ts'
import { toStoreError, type UniqueConstraint } from './to-store-error.ts'

const CONSTRAINTS: readonly UniqueConstraint[] = [
  ['t_name_key', 't.account_id, t.name_key', 't.name'],
]
const sqliteUnique = (columns: string) =>
  Object.assign(new Error(`UNIQUE constraint failed: ${columns}`), { errcode: 2067 })
const pgUnique = (constraint: string) =>
  Object.assign(new Error('duplicate key'), { code: '23505', constraint })

describe('toStoreError', () => {
  const cases: [name: string, error: unknown, kind: string | undefined, subject?: string][] = [
    ['SQLite unique, named', sqliteUnique('t.account_id, t.name_key'), 'AlreadyExists', 't.name'],
    ['SQLite unique, unnamed', sqliteUnique('u.id'), 'AlreadyExists', 'u.id'],
    [
      'SQLite primary key',
      Object.assign(new Error('UNIQUE constraint failed: t.account_id, t.name_key'), {
        errcode: 1555,
      }),
      'AlreadyExists',
      't.name',
    ],
    ['PostgreSQL unique, named', pgUnique('t_name_key'), 'AlreadyExists', 't.name'],
    ['PostgreSQL unique, unnamed', pgUnique('u_pkey'), 'AlreadyExists', 'u_pkey'],
    ['SQLite foreign key', Object.assign(new Error('fk'), { errcode: 787 }), 'InUse', 'p.id'],
    ['PostgreSQL foreign key', Object.assign(new Error('fk'), { code: '23503' }), 'InUse', 'p.id'],
    ['another error', new Error('boom'), undefined],
  ]
  for (const [name, error, kind, subject] of cases) {
    it(name, () => {
      const converted = toStoreError(error, CONSTRAINTS, new StoreError('InUse', 'p.id'))
      if (kind === undefined) return assert.equal(converted, error)
      assert.ok(converted instanceof StoreError)
      assert.equal(converted.kind, kind)
      assert.equal(converted.subject, subject)
      assert.equal(converted.cause, error)
    })
  }

  it('leaves a foreign-key violation as is when the caller names no subject', () => {
    const error = Object.assign(new Error('fk'), { code: '23503' })
    assert.equal(toStoreError(error, CONSTRAINTS), error)
  })

  it('passes through what is not an object', () => {
    assert.equal(toStoreError('text', CONSTRAINTS), 'text')
    assert.equal(toStoreError(null, CONSTRAINTS), null)
  })
})
