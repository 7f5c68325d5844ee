/**
 * Shared steps of the IAM core operations: finding entities (NoSuchEntity with AWS's wording),
 * refusing to delete an entity that still holds policies, mapping store errors, paging, the clock
 * and the generation bump, and the authorization questions on users, groups, roles and policies
 * (with the entity's path and tags).
 */
import type { CallContext, AuthorizationRequest } from '../../common/operation.ts'
import type { Page } from '../../common/page.ts'
import { StoreError } from '../../common/store-error.ts'
import { accountScope } from '../../authorization/policy-scope.ts'
import { iamErrors } from '../errors.ts'
import { iamArn, type IamResourceKind } from '../iam-arns.ts'
import type { EntityRef } from '../iam-records.ts'
import type { IamStore } from '../iam-store.ts'
import { allTags, tagMap } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'

/** `found`, or the error `missing()` when the store found nothing. */
const orThrow = <T>(found: T | undefined, missing: () => Error): T => {
  if (found === undefined) throw missing()
  return found
}

/** The user, or NoSuchEntity. */
export const mustUser = async (store: IamStore, accountId: string, name: string) =>
  orThrow(await store.getUser(accountId, name), () => iamErrors.noSuchUser(name))

/** The group, or NoSuchEntity. */
export const mustGroup = async (store: IamStore, accountId: string, name: string) =>
  orThrow(await store.getGroup(accountId, name), () => iamErrors.noSuchGroup(name))

/** The role, or NoSuchEntity. */
export const mustRole = async (store: IamStore, accountId: string, name: string) =>
  orThrow(await store.getRole(accountId, name), () => iamErrors.noSuchRole(name))

/**
 * Path prefixes of the roles only AWS may change: Identity Center's `AWSReservedSSO_*` roles
 * (`/aws-reserved/sso.amazonaws.com/`) and service-linked roles (`/aws-service-role/…`).
 */
export const PROTECTED_ROLE_PATHS = ['/aws-reserved/', '/aws-service-role/'] as const

/** True for a role only AWS may change. */
export const isProtectedRole = (role: { readonly path: string }): boolean =>
  PROTECTED_ROLE_PATHS.some((prefix) => role.path.startsWith(prefix))

/** The role, or NoSuchEntity; UnmodifiableEntity when only AWS may change it. */
export async function mustModifiableRole(store: IamStore, accountId: string, name: string) {
  const role = await mustRole(store, accountId, name)
  if (isProtectedRole(role)) throw iamErrors.unmodifiableRole(role.name)
  return role
}

/** DeleteConflict while the entity still has inline policies, then attached managed policies. */
export async function requireNoPolicies(tx: IamStore, ref: EntityRef): Promise<void> {
  if ((await tx.listInlinePolicyNames(ref, { maxResults: 1 })).items.length > 0) {
    throw iamErrors.mustDeletePolicies()
  }
  if ((await tx.listAttachedPolicyArns(ref, { maxResults: 1 })).items.length > 0) {
    throw iamErrors.mustDetachPolicies()
  }
}

/** Runs a list read, answering a foreign or stale Marker as AWS does. */
export async function paged<T>(read: () => Promise<Page<T>>): Promise<Page<T>> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof StoreError && error.kind === 'InvalidNextToken')
      throw iamErrors.invalidMarker()
    throw error
  }
}

/** Runs a write, answering a name collision with `onExists()`. */
export async function unique<T>(write: () => Promise<T>, onExists: () => Error): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof StoreError && error.kind === 'AlreadyExists') throw onExists()
    throw error
  }
}

/** The current time as epoch ms. */
export const nowMs = (deps: IamCoreDeps): number => (deps.now?.() ?? new Date()).getTime()

/**
 * Runs a write in one transaction and bumps the policy generation of the caller's account after
 * it commits (an IAM call changes only its own account).
 */
export async function write<T>(
  deps: IamCoreDeps,
  call: CallContext,
  fn: (store: IamStore) => Promise<T>,
): Promise<T> {
  const result = await deps.store.transaction(fn)
  deps.generation.bump([accountScope(accountOf(call))])
  return result
}

/** The account the call works in. */
export const accountOf = (call: CallContext): string => call.caller.accountId

/**
 * An authorization question on an IAM resource, with its full ARN (the stored path when the
 * entity exists) and its tags for `aws:ResourceTag/…`.
 */
export async function onEntity(
  deps: IamCoreDeps,
  call: CallContext,
  action: string,
  kind: 'user' | 'group' | 'role',
  name: string,
  context?: AuthorizationRequest['context'],
): Promise<AuthorizationRequest> {
  const account = accountOf(call)
  const entity =
    kind === 'user'
      ? await deps.store.getUser(account, name)
      : kind === 'group'
        ? await deps.store.getGroup(account, name)
        : await deps.store.getRole(account, name)
  const resource = entity?.arn ?? iamArn(account, kind, '/', name)
  const tags =
    entity !== undefined && kind !== 'group' ? tagMap(await allTags(deps.store, entity.id)) : {}
  return {
    action: `iam:${action}`,
    resource,
    ...(Object.keys(tags).length === 0 ? {} : { resourceTags: tags }),
    ...(context === undefined ? {} : { context }),
  }
}

/**
 * {@link onEntity} for an operation that changes the entity: a role only AWS may change is
 * refused with UnmodifiableEntity before any policy is asked (the engine would deny it anyway,
 * with the rule `protected_resource`; IAM's answer is UnmodifiableEntity).
 */
export async function onEntityChange(
  deps: IamCoreDeps,
  call: CallContext,
  action: string,
  kind: 'user' | 'group' | 'role',
  name: string,
  context?: AuthorizationRequest['context'],
): Promise<AuthorizationRequest> {
  const question = await onEntity(deps, call, action, kind, name, context)
  const path = question.resource.slice(question.resource.indexOf(':role/') + ':role'.length)
  if (kind === 'role' && isProtectedRole({ path })) {
    throw iamErrors.unmodifiableRole(
      question.resource.slice(question.resource.lastIndexOf('/') + 1),
    )
  }
  return question
}

/**
 * {@link onPolicy} for an operation that changes a managed policy: an AWS-managed one is refused
 * with AWS's own error (`refusal`) before any policy is asked.
 */
export function onPolicyChange(
  action: string,
  arn: string,
  refusal: () => Error,
  context?: AuthorizationRequest['context'],
): AuthorizationRequest {
  if (arn.startsWith('arn:aws:iam::aws:')) throw refusal()
  return onPolicy(action, arn, context)
}

/** An authorization question on a resource about to be created (path as requested). */
export const onNew = (
  call: CallContext,
  action: string,
  kind: IamResourceKind,
  path: string | undefined,
  name: string,
  context?: AuthorizationRequest['context'],
): AuthorizationRequest => ({
  action: `iam:${action}`,
  resource: iamArn(accountOf(call), kind, path ?? '/', name),
  ...(context === undefined || Object.keys(context).length === 0 ? {} : { context }),
})

/** An authorization question on a managed policy, by ARN. */
export const onPolicy = (
  action: string,
  arn: string,
  context?: AuthorizationRequest['context'],
): AuthorizationRequest => ({
  action: `iam:${action}`,
  resource: arn,
  ...(context === undefined ? {} : { context }),
})

/** The user a call names, or the calling user when it names none (root and roles cannot). */
export function targetUserName(call: CallContext, userName: string | undefined): string | null {
  if (userName !== undefined) return userName
  if (call.caller.type === 'User' && call.caller.userName !== undefined) return call.caller.userName
  if (call.caller.type === 'Account') return null
  throw iamErrors.userNameRequired()
}
