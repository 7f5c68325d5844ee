import assert from 'node:assert/strict'
import { StoreError } from '../domain/common/store-error.ts'
import type { StoreErrorKind } from '../domain/common/store-error.ts'

/**
 * Asserts that `promise` rejects with a `StoreError` of this kind and, when given, this subject.
 *
 * @example
 * await rejectsWithStoreError(store.createUser(taken), 'AlreadyExists', 'user.name')
 */
export async function rejectsWithStoreError(
  promise: Promise<unknown>,
  kind: StoreErrorKind,
  subject?: string,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`)
    assert.equal(error.kind, kind)
    if (subject !== undefined) assert.equal(error.subject, subject)
    return true
  })
}
