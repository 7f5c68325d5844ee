/**
 * How an Identity Store operation is declared: its action, the resources it touches besides the
 * identity store, and what it does. `identityStoreOperation` turns that into the common
 * {@link Operation} contract: the identity store must be an existing instance's, only that
 * instance's management account may call, `identitystore:ACTION` is authorized on the identity
 * store's ARN and then on each user, group or membership ARN the operation names, and store
 * errors become AWS errors.
 */
import type { AnyOperation, CallContext, Operation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import type { IdentityCenterInstance } from '../identity-center-ports.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import { identityStoreArn } from './identity-store-ids.ts'
import { IdentityStoreInput } from './identity-store-input.ts'

/** What an operation's `run` sees. */
export interface IdentityStoreCall {
  readonly deps: IdentityStoreDeps
  readonly call: CallContext
  readonly instance: IdentityCenterInstance
  /** The caller's principal ARN, for CreatedBy/UpdatedBy. */
  readonly actor: string
  readonly now: Date
}

/** The declaration of one Identity Store operation. */
export interface IdentityStoreOperationSpec<I extends { readonly storeId: string }, O> {
  /** The operation name, which is also the IAM action after `identitystore:`. */
  readonly action: string
  /** Reads the input; call `r.done()` after the last member. */
  readonly parse: (r: IdentityStoreInput) => I
  /** ARNs of users, groups and memberships to authorize besides the identity store. */
  readonly resources?: (input: I) => readonly string[]
  readonly run: (input: I, ctx: IdentityStoreCall) => Promise<O>
}

/** Builds an {@link Operation} from its declaration. */
export function identityStoreOperation<I extends { readonly storeId: string }, O>(
  deps: IdentityStoreDeps,
  spec: IdentityStoreOperationSpec<I, O>,
): AnyOperation {
  const action = `identitystore:${spec.action}`
  const op: Operation<I, O> = {
    parse: (raw) => spec.parse(new IdentityStoreInput(raw)),
    async authorization(input, call) {
      const instance = await instanceOf(deps, input.storeId, call)
      return {
        action,
        resource: identityStoreArn(instance.managementAccountId, input.storeId),
        resourceAccount: instance.managementAccountId,
      }
    },
    async run(input, call) {
      const instance = await instanceOf(deps, input.storeId, call)
      for (const resource of spec.resources?.(input) ?? []) {
        await call.authorize({ action, resource, resourceAccount: instance.managementAccountId })
      }
      const ctx = { deps, call, instance, actor: call.caller.arn, now: call.request.now }
      try {
        return await spec.run(input, ctx)
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'InvalidNextToken') {
          throw identityStoreErrors.invalidNextToken()
        }
        throw error
      }
    },
  }
  return op
}

/**
 * The instance owning `storeId`: ResourceNotFoundException (IDENTITY_STORE) when none does,
 * AccessDeniedException when the caller is not its organization's management account.
 */
async function instanceOf(
  deps: IdentityStoreDeps,
  storeId: string,
  call: CallContext,
): Promise<IdentityCenterInstance> {
  const instance = await deps.instances.instanceForIdentityStore(storeId)
  if (instance === undefined) throw identityStoreErrors.resourceNotFound('IDENTITY_STORE', storeId)
  if (instance.managementAccountId !== call.caller.accountId) {
    throw identityStoreErrors.accessDenied()
  }
  return instance
}

/**
 * Runs `fn`, turning a store's `AlreadyExists` on one of `subjects` into the AWS error given.
 * @example await onConflict(() => store.createUser(u), { 'user.userName': identityStoreErrors.duplicateUserName })
 */
export async function onConflict<T>(
  fn: () => Promise<T>,
  subjects: Readonly<Record<string, () => Error>>,
): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    const make = error instanceof StoreError ? subjects[error.subject] : undefined
    throw make === undefined ? error : make()
  }
}
