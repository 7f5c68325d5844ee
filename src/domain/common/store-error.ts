/** Why a store refused a write or a read: a closed set, so callers can switch over it. */
export const STORE_ERROR_KINDS = [
  'AlreadyExists',
  'ReferenceNotFound',
  'InUse',
  'InvalidNextToken',
] as const

/** One of {@link STORE_ERROR_KINDS}. */
export type StoreErrorKind = (typeof STORE_ERROR_KINDS)[number]

/**
 * A storage failure the domain can act on, raised by every store implementation instead of a
 * driver exception. `subject` names what collided or was missing as `entity.field`, for example
 * `account.email` (AlreadyExists) or `policy.id` (ReferenceNotFound, InUse).
 *
 * @example
 * try {
 *   await store.createAccount(account)
 * } catch (error) {
 *   if (error instanceof StoreError && error.subject === 'account.email') throw emailTaken()
 *   throw error
 * }
 */
export class StoreError extends Error {
  override readonly name = 'StoreError'
  /** What went wrong. */
  readonly kind: StoreErrorKind
  /** What it went wrong on, as `entity.field`. */
  readonly subject: string

  /** Makes a store error; the message is lowercase, for logs, never shown to AWS clients. */
  constructor(kind: StoreErrorKind, subject: string, options?: { cause?: unknown }) {
    super(`${MESSAGES[kind]}: ${subject}`, options)
    this.kind = kind
    this.subject = subject
  }
}

const MESSAGES: Record<StoreErrorKind, string> = {
  AlreadyExists: 'already exists',
  ReferenceNotFound: 'refers to a missing record',
  InUse: 'still referenced',
  InvalidNextToken: 'invalid next token',
}
