/**
 * How an Organizations operation is declared: its IAM action, whether member accounts may call
 * it, what it authorizes, and what it does. `orgOperation` turns that into the common
 * {@link Operation} contract, resolving the caller's organization once per call, refusing member
 * accounts where AWS does, turning store errors into AWS errors and bumping the policy
 * generation after every write.
 */
import type { ContextInput } from '../../policy/index.ts'
import type { PolicyScope } from '../authorization/policy-scope.ts'
import type { AuthorizationRequest, CallContext, Operation } from '../common/operation.ts'
import { StoreError } from '../common/store-error.ts'
import { callerOrganization, type CallerOrganization } from './caller-organization.ts'
import { orgErrors } from './errors.ts'
import { OrgInput } from './org-input.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'

/** What an operation's `authorize` and `run` see. */
export interface OrgCall extends CallerOrganization {
  readonly deps: OrganizationsDeps
  readonly call: CallContext
}

/** The resource half of an authorization request (the action is the operation's). */
export type OrgAuthorization = Omit<AuthorizationRequest, 'action'>

/** The declaration of one Organizations operation. */
export interface OrgOperationSpec<I, O> {
  /** The operation name, which is also the IAM action after `organizations:`. */
  readonly action: string
  /** True where AWS lets member accounts call it (DescribeOrganization). */
  readonly memberAllowed?: boolean
  /** True when it changes the organization (the policy generation is bumped after it). */
  readonly writes?: boolean
  /**
   * What a write changes among decision inputs (the scopes bumped after it; everything when
   * absent or when it answers undefined). `output` is undefined when the call failed.
   */
  readonly invalidates?: (
    input: NoInfer<I>,
    org: OrgCall,
    output: NoInfer<O> | undefined,
  ) => Promise<readonly PolicyScope[] | undefined> | readonly PolicyScope[] | undefined
  readonly parse: (input: OrgInput) => I
  /** The resource and condition keys to authorize; `*` by default. */
  readonly authorize?: (input: I, org: OrgCall) => Promise<OrgAuthorization> | OrgAuthorization
  readonly run: (input: I, org: OrgCall) => Promise<O>
}

/** An operation as a service lists it (its input type erased). */
export type AnyOperation = Operation<never, unknown>

/** Builds an {@link Operation} from its declaration. */
export function orgOperation<I, O>(
  deps: OrganizationsDeps,
  spec: OrgOperationSpec<I, O>,
): AnyOperation {
  const context = async (call: CallContext): Promise<OrgCall> => {
    const org = await callerOrganization(deps.store, call)
    if (!org.isManagement && spec.memberAllowed !== true) throw orgErrors.AccessDeniedException()
    return { ...org, deps, call }
  }
  const op: Operation<I, O> = {
    parse: (raw) => spec.parse(new OrgInput(raw)),
    async authorization(input, call) {
      const org = await context(call)
      const auth = spec.authorize
        ? await mapStoreErrors(() => spec.authorize!(input, org))
        : undefined
      return { action: `organizations:${spec.action}`, resource: '*', ...auth }
    },
    async run(input, call) {
      const org = await context(call)
      let output: O | undefined
      try {
        output = await mapStoreErrors(() => spec.run(input, org))
        return output
      } finally {
        if (spec.writes) deps.generation.bump(await scopesOf(spec, input, org, output))
      }
    },
  }
  return op as unknown as AnyOperation
}

/** What a write invalidates; everything when unsure (no declaration, or it failed to tell). */
async function scopesOf<I, O>(
  spec: OrgOperationSpec<I, O>,
  input: I,
  org: OrgCall,
  output: O | undefined,
): Promise<readonly PolicyScope[] | undefined> {
  try {
    return await spec.invalidates?.(input, org, output)
  } catch {
    return undefined
  }
}

/** Runs `fn`, turning a store's InvalidNextToken into AWS's InvalidInputException. */
async function mapStoreErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof StoreError && error.kind === 'InvalidNextToken') {
      throw orgErrors.InvalidInputException('INVALID_NEXT_TOKEN')
    }
    throw error
  }
}

/** `aws:RequestTag/K` and `aws:TagKeys` for tags a request sets. */
export function requestTagContext(tags: readonly { Key: string; Value: string }[]): ContextInput {
  if (tags.length === 0) return {}
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) }
  for (const t of tags) context[`aws:RequestTag/${t.Key}`] = t.Value
  return context
}

/**
 * Runs `fn`, turning a store's `AlreadyExists`/`InUse` on one of `subjects` (`entity.field`)
 * into the AWS error given for it.
 * @example await onConflict(() => tx.createPolicy(p), { 'policy.name': orgErrors.DuplicatePolicyException })
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

/** The most tags a resource may carry. */
export const MAX_TAGS = 50
