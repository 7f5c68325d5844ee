import type { StoreError } from '../../domain/common/store-error.ts'
import { ambientSavepoint } from './ambient-transaction.ts'
import { toStoreError, type UniqueConstraint } from './to-store-error.ts'

/**
 * Runs a write, throwing a driver's constraint violation as a `StoreError` (see
 * {@link toStoreError}): a unique one named by `constraints`, a foreign key as `onForeignKey`.
 * Inside a unit of work the write stands behind a savepoint, so a caller may catch the violation
 * and go on in the same transaction.
 *
 * @example
 * await withStoreErrors(IAM_UNIQUE_CONSTRAINTS, () => db.insertInto('iam_user').values(row).execute())
 */
export async function withStoreErrors<T>(
  constraints: readonly UniqueConstraint[],
  write: () => Promise<T>,
  onForeignKey?: StoreError,
): Promise<T> {
  try {
    return await ambientSavepoint(write)
  } catch (error) {
    throw toStoreError(error, constraints, onForeignKey)
  }
}
