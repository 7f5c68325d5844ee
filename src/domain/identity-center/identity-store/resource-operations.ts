/**
 * The operations users and groups share: Describe…, Delete…, List… (with the one filter AWS
 * accepts) and Get…Id (by the unique attribute), and the steps of Create… and Update… they share.
 * A {@link ResourceKind} says what differs.
 */
import type { AnyOperation } from '../../common/operation.ts'
import type { Page, PageRequest } from '../../common/page.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import type { AlternateIdentifier, IdentityStoreInput } from './identity-store-input.ts'
import {
  identityStoreOperation,
  onConflict,
  type IdentityStoreCall,
} from './identity-store-operation.ts'
import type { IdentityStoreStore } from './identity-store-store.ts'

/** What differs between users and groups (records `R`, changes `P`) for what they share. */
export interface ResourceKind<R, P> {
  /** `User` or `Group`, as in operation names. */
  readonly noun: 'User' | 'Group'
  /** ResourceNotFoundException's `ResourceType`. */
  readonly resourceType: 'USER' | 'GROUP'
  /** The request member naming one: `UserId`, `GroupId`. */
  readonly idMember: 'UserId' | 'GroupId'
  /** The unique attribute Get…Id finds by and List… filters on: `UserName`, `DisplayName`. */
  readonly uniqueAttribute: 'UserName' | 'DisplayName'
  arn(id: string): string
  get(store: IdentityStoreStore, storeId: string, id: string): Promise<R | undefined>
  /** By the unique attribute, case-insensitively. */
  findByName(store: IdentityStoreStore, storeId: string, name: string): Promise<R | undefined>
  /** One page; only the one whose unique attribute is `name` when given. */
  list(
    store: IdentityStoreStore,
    storeId: string,
    name: string | undefined,
    page: PageRequest,
  ): Promise<Page<R>>
  /** Stores a new one. */
  create(store: IdentityStoreStore, record: R): Promise<void>
  /** The record after the change, or undefined when there is none. */
  update(store: IdentityStoreStore, storeId: string, id: string, patch: P): Promise<R | undefined>
  /** The AWS error of each uniqueness the store reports (see {@link onConflict}). */
  readonly conflicts: Readonly<Record<string, () => Error>>
  /** False when there was none. */
  delete(store: IdentityStoreStore, storeId: string, id: string): Promise<boolean>
  /** As Describe… and List… return it. */
  shape(record: R): Record<string, unknown>
  /** Create…'s and Get…Id's reply, with AWS's members in AWS's order. */
  idReply(storeId: string, record: R): Record<string, string>
}

/** The ResourceId reported for an alternate identifier that matched nothing. */
const describe = (id: AlternateIdentifier): string =>
  id.kind === 'unique' ? String(id.value) : id.id

/** The user or group, or ResourceNotFoundException. */
export async function mustGetResource<R>(
  deps: IdentityStoreDeps,
  kind: ResourceKind<R, unknown>,
  storeId: string,
  id: string,
): Promise<R> {
  const record = await kind.get(deps.store, storeId, id)
  if (record === undefined) throw identityStoreErrors.resourceNotFound(kind.resourceType, id)
  return record
}

/** CreatedAt/By and UpdatedAt/By of a record the caller creates now. */
export function createdNow(ctx: IdentityStoreCall) {
  const at = ctx.now.getTime()
  return { createdAt: at, updatedAt: at, createdBy: ctx.actor, updatedBy: ctx.actor }
}

/** UpdatedAt/By of a change the caller makes now. */
export const updatedNow = (ctx: IdentityStoreCall) => ({
  updatedAt: ctx.now.getTime(),
  updatedBy: ctx.actor,
})

/** Stores a new user or group (a uniqueness broken is a ConflictException); Create…'s reply. */
export async function createResource<R, P>(
  deps: IdentityStoreDeps,
  kind: ResourceKind<R, P>,
  storeId: string,
  record: R,
): Promise<Record<string, string>> {
  await onConflict(() => kind.create(deps.store, record), kind.conflicts)
  return kind.idReply(storeId, record)
}

/** Update…'s input: the identity store, the user's or group's id, and `Operations`. */
export function readUpdate(r: IdentityStoreInput, kind: ResourceKind<unknown, unknown>) {
  const input = {
    storeId: r.storeId(),
    id: r.resourceId(kind.idMember),
    operations: r.operations(),
  }
  r.done()
  return input
}

/** Writes `patch`: a uniqueness broken is a ConflictException, none found ResourceNotFound. */
export async function updateResource<R, P>(
  deps: IdentityStoreDeps,
  kind: ResourceKind<R, P>,
  storeId: string,
  id: string,
  patch: P,
): Promise<void> {
  const updated = await onConflict(
    () => kind.update(deps.store, storeId, id, patch),
    kind.conflicts,
  )
  if (updated === undefined) throw identityStoreErrors.resourceNotFound(kind.resourceType, id)
}

/**
 * Describe…, Delete…, List… and Get…Id of one kind, by name.
 * @example const ops = { ...resourceOperations(deps, GROUPS) } // DescribeGroup, DeleteGroup…
 */
export function resourceOperations<R, P>(
  deps: IdentityStoreDeps,
  kind: ResourceKind<R, P>,
): Record<string, AnyOperation> {
  const { noun } = kind
  const ref = (r: IdentityStoreInput) => {
    const input = { storeId: r.storeId(), id: r.resourceId(kind.idMember) }
    r.done()
    return input
  }
  return {
    [`Describe${noun}`]: identityStoreOperation(deps, {
      action: `Describe${noun}`,
      parse: ref,
      resources: (input) => [kind.arn(input.id)],
      run: async (input) => kind.shape(await mustGetResource(deps, kind, input.storeId, input.id)),
    }),

    [`Delete${noun}`]: identityStoreOperation(deps, {
      action: `Delete${noun}`,
      parse: ref,
      resources: (input) => [kind.arn(input.id)],
      async run(input) {
        if (!(await kind.delete(deps.store, input.storeId, input.id))) {
          throw identityStoreErrors.resourceNotFound(kind.resourceType, input.id)
        }
        return {}
      },
    }),

    [`List${noun}s`]: identityStoreOperation(deps, {
      action: `List${noun}s`,
      parse(r) {
        const input = {
          storeId: r.storeId(),
          page: r.page(),
          name: r.filter(kind.uniqueAttribute),
        }
        r.done()
        return input
      },
      async run(input) {
        const page = await kind.list(deps.store, input.storeId, input.name, input.page)
        return {
          [`${noun}s`]: page.items.map((record) => kind.shape(record)),
          ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
        }
      },
    }),

    [`Get${noun}Id`]: identityStoreOperation(deps, {
      action: `Get${noun}Id`,
      parse(r) {
        const input = { storeId: r.storeId(), identifier: r.alternateIdentifier() }
        r.done()
        return input
      },
      async run(input) {
        const id = input.identifier
        let record: R | undefined
        if (id.kind === 'unique') {
          if (id.path.toLowerCase() !== kind.uniqueAttribute.toLowerCase()) {
            throw identityStoreErrors.invalidAttributePath(id.path)
          }
          if (typeof id.value !== 'string' || id.value.length === 0) {
            throw identityStoreErrors.invalidAttributeValue(id.path)
          }
          record = await kind.findByName(deps.store, input.storeId, id.value)
        }
        // No user or group of this store has external ids: they come only from SCIM provisioning.
        if (record === undefined) {
          throw identityStoreErrors.resourceNotFound(kind.resourceType, describe(id))
        }
        return kind.idReply(input.storeId, record)
      },
    }),
  }
}
