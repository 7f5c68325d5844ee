/**
 * What a write that lost a race with another writer answers, per service, where AWS has an error
 * for it (instead of an InternalFailure): a unique key taken between this call's check and its
 * insert (a `StoreError` AlreadyExists no operation turned into its own error), or PostgreSQL
 * giving up on a transaction (serialization failure, deadlock). Codes, statuses and wording from
 * each service's API reference.
 */
import { StoreError } from '../domain/common/store-error.ts'
import { awsError, type AwsError } from '../protocol/index.ts'

const CONFLICT =
  'Occurs when a conflict with a previous successful write is detected. This generally occurs when the previous write did not have time to propagate to the host serving the current request. A retry (with appropriate backoff logic) is the recommended response to this exception.'

const BY_SERVICE: Readonly<
  Record<string, readonly [code: string, message: string, status: number]>
> = {
  iam: [
    'ConcurrentModification',
    'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.',
    409,
  ],
  organizations: [
    'ConcurrentModificationException',
    'The target of the operation is currently being modified by a different request. Try again later.',
    409,
  ],
  sso: ['ConflictException', CONFLICT, 409],
  identitystore: ['ConflictException', CONFLICT, 409],
  cloudtrail: [
    'ConcurrentModificationException',
    'You are trying to update a resource when another request is in progress. Allow sufficient wait time for the previous request to complete, then retry your request.',
    400,
  ],
}

// PostgreSQL SQLSTATEs of a transaction that lost to another one.
const PG_SERIALIZATION_FAILURE = '40001'
const PG_DEADLOCK_DETECTED = '40P01'

/** Whether `e` says that another writer got there first. */
export function isLostRace(e: unknown): boolean {
  if (e instanceof StoreError) return e.kind === 'AlreadyExists'
  const code = (e as { code?: unknown } | null)?.code
  return code === PG_SERIALIZATION_FAILURE || code === PG_DEADLOCK_DETECTED
}

/**
 * The AWS error of `service` for a write that lost a race (see {@link isLostRace}); undefined
 * where the service has none.
 *
 * @example concurrentModification('iam')?.code // 'ConcurrentModification'
 */
export function concurrentModification(service: string): AwsError | undefined {
  const entry = BY_SERVICE[service]
  return entry === undefined ? undefined : awsError(entry[0], entry[1], entry[2])
}
