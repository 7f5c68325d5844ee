/**
 * `/Users`: create, read (by id, or listed with `userName`, `externalId` or `id` equality),
 * replace (PUT), patch, delete. Users live in the identity store the identitystore API and the
 * portal read; a user with `active: false` cannot sign in to the portal.
 */
import { StoreError } from '../../common/store-error.ts'
import { newResourceId, type UserRecord } from '../identity-store/index.ts'
import { isReservedName } from '../identity-store/identity-store-ids.ts'
import {
  auditScim,
  everything,
  listResponse,
  listWindow,
  scimActor,
  type ScimCall,
  type ScimDeps,
  type ScimResponse,
} from './scim-context.ts'
import { scimErrors } from './scim-error.ts'
import { parseScimFilter } from './scim-filter.ts'
import { applyScimPatch, readPatchOperations } from './scim-patch.ts'
import { fromScimUser, toScimUser, type ScimUserInput } from './scim-user.ts'

async function mustGetUser(deps: ScimDeps, call: ScimCall, id: string): Promise<UserRecord> {
  const user = await deps.store.getUser(call.identityStoreId, id)
  if (user === undefined) throw scimErrors.notFound('User', id)
  return user
}

async function uniqueName<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof StoreError && e.kind === 'AlreadyExists') throw scimErrors.duplicateUserName()
    throw e
  }
}

function checkName(input: ScimUserInput): void {
  if (isReservedName(input.userName))
    throw scimErrors.invalidValue(`'${input.userName}' is a reserved name`)
}

const summary = (input: ScimUserInput) => ({
  userName: input.userName,
  active: input.active,
  ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
})

/** POST /Users. */
export async function createScimUser(deps: ScimDeps, call: ScimCall): Promise<ScimResponse> {
  const input = fromScimUser(call.body)
  checkName(input)
  const user: UserRecord = {
    identityStoreId: call.identityStoreId,
    userId: newResourceId(call.identityStoreId),
    userName: input.userName,
    displayName: input.displayName,
    attributes: input.attributes,
    createdAt: call.now,
    updatedAt: call.now,
    createdBy: scimActor(call),
    updatedBy: scimActor(call),
    ...(input.active ? {} : { active: false }),
    ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
  }
  await uniqueName(() => deps.store.createUser(user))
  auditScim(call, 'CreateUser', summary(input), { id: user.userId })
  return { status: 201, body: toScimUser(user, call.baseUrl) }
}

/** GET /Users/{id}. */
export async function getScimUser(deps: ScimDeps, call: ScimCall, id: string) {
  return { status: 200, body: toScimUser(await mustGetUser(deps, call, id), call.baseUrl) }
}

/** GET /Users, with an optional filter on userName, externalId or id. */
export async function listScimUsers(deps: ScimDeps, call: ScimCall): Promise<ScimResponse> {
  const window = listWindow(call.query)
  const filter = call.query.get('filter')
  const storeId = call.identityStoreId
  let users: UserRecord[]
  if (filter === null || filter.trim() === '') {
    users = await everything((page) => deps.store.listUsers(storeId, {}, page))
  } else {
    const terms = parseScimFilter(filter)
    const byName = terms.find((t) => t.attribute.toLowerCase() === 'username')
    const byId = terms.find((t) => t.attribute.toLowerCase() === 'id')
    const candidates =
      byName !== undefined
        ? [await deps.store.findUserByName(storeId, byName.value)]
        : byId !== undefined
          ? [await deps.store.getUser(storeId, byId.value)]
          : await everything((page) => deps.store.listUsers(storeId, {}, page))
    users = candidates.filter((u): u is UserRecord => u !== undefined)
    for (const t of terms) {
      const attribute = t.attribute.toLowerCase()
      if (attribute === 'username')
        users = users.filter((u) => u.userName.toLowerCase() === t.value.toLowerCase())
      else if (attribute === 'id') users = users.filter((u) => u.userId === t.value)
      else if (attribute === 'externalid') users = users.filter((u) => u.externalId === t.value)
      else throw scimErrors.invalidFilter(filter)
    }
  }
  return listResponse(
    users.map((u) => toScimUser(u, call.baseUrl)),
    window,
  )
}

async function replaceWith(
  deps: ScimDeps,
  call: ScimCall,
  id: string,
  input: ScimUserInput,
  eventName: string,
): Promise<ScimResponse> {
  checkName(input)
  const updated = await uniqueName(() =>
    deps.store.updateUser(call.identityStoreId, id, {
      userName: input.userName,
      displayName: input.displayName,
      attributes: input.attributes,
      active: input.active,
      externalId: input.externalId ?? null,
      updatedAt: call.now,
      updatedBy: scimActor(call),
    }),
  )
  if (updated === undefined) throw scimErrors.notFound('User', id)
  auditScim(call, eventName, { id, ...summary(input) }, null)
  return { status: 200, body: toScimUser(updated, call.baseUrl) }
}

/** PUT /Users/{id}: the body replaces the user. */
export async function putScimUser(deps: ScimDeps, call: ScimCall, id: string) {
  await mustGetUser(deps, call, id)
  return replaceWith(deps, call, id, fromScimUser(call.body), 'PutUser')
}

/** PATCH /Users/{id}: the operations apply to the user as SCIM shows it. */
export async function patchScimUser(deps: ScimDeps, call: ScimCall, id: string) {
  const operations = readPatchOperations(call.body)
  const user = await mustGetUser(deps, call, id)
  const patched = applyScimPatch(toScimUser(user, call.baseUrl), operations)
  return replaceWith(deps, call, id, fromScimUser(patched), 'PatchUser')
}

/** DELETE /Users/{id}: the user, its memberships and its credentials go. */
export async function deleteScimUser(deps: ScimDeps, call: ScimCall, id: string) {
  if (!(await deps.store.deleteUser(call.identityStoreId, id)))
    throw scimErrors.notFound('User', id)
  auditScim(call, 'DeleteUser', { id }, null)
  return { status: 204 }
}
