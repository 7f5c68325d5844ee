/**
 * How an sso-admin operation is declared, and `ssoOperation`, which turns the declaration into
 * the common {@link Operation} contract: it refuses every caller but a management account (as
 * AWS does for Identity Center's organization instance), checks the `InstanceArn` is the
 * caller's, authorizes `sso:ACTION` on the resources the Service Authorization Reference lists
 * (the first through the contract, the others through `call.authorize` before `run`), maps
 * store errors to AWS's, and bumps the policy generation after every write.
 */
import type { ContextInput } from '../../../policy/index.ts'
import type { AuthorizationRequest, CallContext, Operation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { ssoErrors } from './errors.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import type { InstanceRecord, PermissionSetRecord } from './sso-admin-records.ts'
import { instanceIdOf, instanceIdOfPermissionSet } from './sso-arns.ts'
import { readSso, type SsoInput } from './sso-input.ts'

/** What an operation's `resources` and `run` see. */
export interface SsoCall {
  readonly deps: SsoAdminDeps
  readonly call: CallContext
  /** The caller's organization's instance. */
  readonly instance: InstanceRecord
  readonly now: number
}

/** The resources an operation authorizes: the first through the contract, then the others. */
export interface SsoResources {
  readonly resources: readonly string[]
  readonly context?: ContextInput
  /** Tags of the first resource, for `aws:ResourceTag/…`. */
  readonly resourceTags?: Readonly<Record<string, string>>
}

/** The declaration of one sso-admin operation. */
export interface SsoOperationSpec<I> {
  /** The operation name, also the IAM action after `sso:`. */
  readonly action: string
  /** True when it changes anything (the policy generation is bumped after it). */
  readonly writes?: boolean
  readonly parse: (r: SsoInput) => I
  /** The `InstanceArn` of the request, checked against the caller's instance. */
  readonly instanceArn?: (input: I) => string | undefined
  /** What to authorize; `*` when absent. */
  readonly resources?: (input: I, c: SsoCall) => Promise<SsoResources> | SsoResources
  readonly run: (input: I, c: SsoCall) => Promise<object>
}

/** Builds an {@link Operation} from its declaration. */
export function ssoOperation<I>(
  deps: SsoAdminDeps,
  spec: SsoOperationSpec<I>,
): Operation<I, object> {
  const action = `sso:${spec.action}`
  const context = async (input: I, call: CallContext): Promise<SsoCall> => {
    const org = await deps.organizations.accountOrganization(call.caller.accountId)
    if (org === undefined || org.managementAccountId !== call.caller.accountId) {
      throw ssoErrors.accessDenied()
    }
    const instance = await deps.instances.ensureInstance(call.caller.accountId)
    const asked = spec.instanceArn?.(input)
    if (asked !== undefined && asked !== instance.instanceArn)
      throw ssoErrors.instanceNotFound(asked)
    return { deps, call, instance, now: (deps.now ?? Date.now)() }
  }
  const resourcesOf = async (input: I, c: SsoCall): Promise<SsoResources> =>
    spec.resources ? await mapStoreErrors(() => spec.resources!(input, c)) : { resources: ['*'] }
  return {
    parse: (raw) => readSso(raw, spec.parse),
    async authorization(input, call): Promise<AuthorizationRequest> {
      const c = await context(input, call)
      const { resources, context: keys, resourceTags } = await resourcesOf(input, c)
      return {
        action,
        resource: resources[0] ?? '*',
        ...(keys === undefined ? {} : { context: keys }),
        ...(resourceTags === undefined ? {} : { resourceTags }),
      }
    },
    async run(input, call) {
      const c = await context(input, call)
      const { resources, context: keys } = await resourcesOf(input, c)
      for (const resource of resources.slice(1)) {
        await call.authorize({ action, resource, ...(keys === undefined ? {} : { context: keys }) })
      }
      try {
        return await mapStoreErrors(() => spec.run(input, c))
      } finally {
        // Its roles are written through the role provisioner, which tells their accounts.
        if (spec.writes) deps.generation.bump([])
      }
    },
  }
}

/** Runs `fn`, turning store errors into AWS's. */
export async function mapStoreErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof StoreError && error.kind === 'InvalidNextToken') {
      throw ssoErrors.invalidNextToken()
    }
    throw error
  }
}

/** The permission set, which must belong to the caller's instance. */
export async function permissionSetOf(c: SsoCall, arn: string): Promise<PermissionSetRecord> {
  if (instanceIdOfPermissionSet(arn) !== instanceIdOf(c.instance.instanceArn)) {
    throw ssoErrors.permissionSetNotFound(arn)
  }
  const ps = await c.deps.store.getPermissionSet(arn)
  if (ps === undefined) throw ssoErrors.permissionSetNotFound(arn)
  return ps
}

/** A resource's tags as a record, for `aws:ResourceTag/…`. */
export async function tagsOf(c: SsoCall, arn: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  let token: string | undefined
  do {
    const page = await c.deps.store.listTags(arn, token === undefined ? {} : { nextToken: token })
    for (const t of page.items) out[t.key] = t.value
    token = page.nextToken
  } while (token !== undefined)
  return out
}

/** `aws:RequestTag/K` and `aws:TagKeys` for tags a request sets. */
export function requestTagContext(tags: readonly { key: string; value: string }[]): ContextInput {
  if (tags.length === 0) return {}
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.key) }
  for (const t of tags) context[`aws:RequestTag/${t.key}`] = t.value
  return context
}

/** Every item of a paged store list. */
export async function readAll<T>(
  list: (page: { nextToken?: string }) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
  const out: T[] = []
  let token: string | undefined
  do {
    const page = await list(token === undefined ? {} : { nextToken: token })
    out.push(...page.items)
    token = page.nextToken
  } while (token !== undefined)
  return out
}
