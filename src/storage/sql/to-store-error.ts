import { StoreError } from '../../domain/common/store-error.ts'

/**
 * One unique constraint of a store's tables: its name as PostgreSQL reports it, its columns as
 * SQLite reports them after "UNIQUE constraint failed: ", and the `entity.field` a
 * `StoreError` names.
 */
export type UniqueConstraint = readonly [pg: string, sqlite: string, subject: string]

// SQLite extended result codes (errcode) and PostgreSQL SQLSTATEs (code).
const SQLITE_CONSTRAINT_FOREIGNKEY = 787
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555
const SQLITE_CONSTRAINT_UNIQUE = 2067
const PG_UNIQUE_VIOLATION = '23505'
const PG_FOREIGN_KEY_VIOLATION = '23503'

/**
 * Turns a driver's constraint violation into a `StoreError`: a unique violation into
 * `AlreadyExists` on the subject `constraints` give it (else on what the driver reported), a
 * foreign-key violation into `onForeignKey` (the caller knows what the statement referred to).
 * Anything else is returned unchanged.
 */
export function toStoreError(
  error: unknown,
  constraints: readonly UniqueConstraint[],
  onForeignKey?: StoreError,
): unknown {
  if (typeof error !== 'object' || error === null) return error
  const { errcode, code, constraint, message } = error as {
    errcode?: unknown
    code?: unknown
    constraint?: unknown
    message?: unknown
  }
  if (errcode === SQLITE_CONSTRAINT_UNIQUE || errcode === SQLITE_CONSTRAINT_PRIMARYKEY) {
    const columns = String(message).replace(/^.*UNIQUE constraint failed: /, '')
    const entry = constraints.find(([, sqlite]) => sqlite === columns)
    return new StoreError('AlreadyExists', entry?.[2] ?? columns, { cause: error })
  }
  if (code === PG_UNIQUE_VIOLATION) {
    const entry = constraints.find(([pg]) => pg === constraint)
    return new StoreError('AlreadyExists', entry?.[2] ?? String(constraint), { cause: error })
  }
  if (errcode === SQLITE_CONSTRAINT_FOREIGNKEY || code === PG_FOREIGN_KEY_VIOLATION) {
    if (onForeignKey === undefined) return error
    return new StoreError(onForeignKey.kind, onForeignKey.subject, { cause: error })
  }
  return error
}
