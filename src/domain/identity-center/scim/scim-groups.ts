/**
 * `/Groups`: create (with members), read (by id, or listed with `displayName`, `id` or
 * `members` equality), patch (add and remove members, replace displayName), delete. As in IAM
 * Identity Center, a group read does not list its members, PATCH neither replaces the member
 * list nor removes all members at once, and one request changes at most 100 memberships.
 * Memberships are the identity store's: a removed one takes the group's account tiles away.
 */
import { StoreError } from '../../common/store-error.ts'
import { newResourceId, type GroupRecord } from '../identity-store/index.ts'
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
import { SCIM_GROUP_SCHEMA } from './scim-discovery.ts'
import { scimErrors } from './scim-error.ts'
import { parseScimFilter } from './scim-filter.ts'
import { parsePath, readPatchOperations } from './scim-patch.ts'

/** The most membership changes one request may make. */
export const MAX_MEMBER_CHANGES = 100

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const toScimGroup = (g: GroupRecord, baseUrl: string) => ({
  schemas: [SCIM_GROUP_SCHEMA],
  id: g.groupId,
  meta: {
    resourceType: 'Group',
    created: new Date(g.createdAt).toISOString(),
    lastModified: new Date(g.updatedAt).toISOString(),
    location: `${baseUrl}/Groups/${g.groupId}`,
  },
  displayName: g.displayName,
})

function displayNameOf(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw scimErrors.required('displayName')
  if (v.length > 1024) throw scimErrors.invalidValue('displayName must be at most 1024 characters.')
  return v
}

/** The user ids of a `members` value (`[{"value": "<user id>"}]`). */
function memberIds(v: unknown): string[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw scimErrors.invalidValue('members must be an array.')
  return v.map((m: unknown) => {
    if (!isObject(m) || typeof m.value !== 'string')
      throw scimErrors.invalidValue('Each member needs a value.')
    return m.value
  })
}

async function mustGetGroup(deps: ScimDeps, call: ScimCall, id: string): Promise<GroupRecord> {
  const group = await deps.store.getGroup(call.identityStoreId, id)
  if (group === undefined) throw scimErrors.notFound('Group', id)
  return group
}

async function uniqueName<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof StoreError && e.kind === 'AlreadyExists') throw scimErrors.duplicateGroupName()
    throw e
  }
}

async function addMembers(deps: ScimDeps, call: ScimCall, groupId: string, ids: string[]) {
  for (const userId of ids) {
    if ((await deps.store.getUser(call.identityStoreId, userId)) === undefined)
      throw scimErrors.notFound('User', userId)
    if ((await deps.store.findMembership(call.identityStoreId, groupId, userId)) !== undefined)
      continue
    await deps.store.createMembership({
      identityStoreId: call.identityStoreId,
      membershipId: newResourceId(call.identityStoreId),
      groupId,
      userId,
      createdAt: call.now,
      createdBy: scimActor(call),
    })
  }
}

async function removeMembers(deps: ScimDeps, call: ScimCall, groupId: string, ids: string[]) {
  for (const userId of ids) {
    const m = await deps.store.findMembership(call.identityStoreId, groupId, userId)
    if (m !== undefined) await deps.store.deleteMembership(call.identityStoreId, m.membershipId)
  }
}

/** POST /Groups. */
export async function createScimGroup(deps: ScimDeps, call: ScimCall): Promise<ScimResponse> {
  if (!isObject(call.body))
    throw scimErrors.invalidSyntax('The request body must be a JSON object.')
  const displayName = displayNameOf(call.body.displayName)
  const members = memberIds(call.body.members)
  if (members.length > MAX_MEMBER_CHANGES)
    throw scimErrors.invalidValue(`At most ${MAX_MEMBER_CHANGES} members per request.`)
  const group: GroupRecord = {
    identityStoreId: call.identityStoreId,
    groupId: newResourceId(call.identityStoreId),
    displayName,
    description: undefined,
    createdAt: call.now,
    updatedAt: call.now,
    createdBy: scimActor(call),
    updatedBy: scimActor(call),
  }
  await uniqueName(() => deps.store.createGroup(group))
  await addMembers(deps, call, group.groupId, members)
  auditScim(call, 'CreateGroup', { displayName, members }, { id: group.groupId })
  return { status: 201, body: toScimGroup(group, call.baseUrl) }
}

/** GET /Groups/{id}. */
export async function getScimGroup(deps: ScimDeps, call: ScimCall, id: string) {
  return { status: 200, body: toScimGroup(await mustGetGroup(deps, call, id), call.baseUrl) }
}

/** GET /Groups, with an optional filter on displayName, id or members. */
export async function listScimGroups(deps: ScimDeps, call: ScimCall): Promise<ScimResponse> {
  const window = listWindow(call.query)
  const filter = call.query.get('filter')
  const storeId = call.identityStoreId
  let groups = await (async (): Promise<GroupRecord[]> => {
    if (filter === null || filter.trim() === '')
      return everything((page) => deps.store.listGroups(storeId, {}, page))
    const terms = parseScimFilter(filter)
    const byName = terms.find((t) => t.attribute.toLowerCase() === 'displayname')
    const byId = terms.find((t) => t.attribute.toLowerCase() === 'id')
    const found =
      byName !== undefined
        ? [await deps.store.findGroupByName(storeId, byName.value)]
        : byId !== undefined
          ? [await deps.store.getGroup(storeId, byId.value)]
          : await everything((page) => deps.store.listGroups(storeId, {}, page))
    let out = found.filter((g): g is GroupRecord => g !== undefined)
    for (const t of terms) {
      const attribute = t.attribute.toLowerCase()
      if (attribute === 'displayname')
        out = out.filter((g) => g.displayName.toLowerCase() === t.value.toLowerCase())
      else if (attribute === 'id') out = out.filter((g) => g.groupId === t.value)
      else if (attribute === 'members' || attribute === 'members.value') {
        const kept: GroupRecord[] = []
        for (const g of out)
          if ((await deps.store.findMembership(storeId, g.groupId, t.value)) !== undefined)
            kept.push(g)
        out = kept
      } else throw scimErrors.invalidFilter(filter)
    }
    return out
  })()
  groups = groups.filter((g) => g !== undefined)
  return listResponse(
    groups.map((g) => toScimGroup(g, call.baseUrl)),
    window,
  )
}

/** PATCH /Groups/{id}: add/remove members, replace displayName. */
export async function patchScimGroup(deps: ScimDeps, call: ScimCall, id: string) {
  const operations = readPatchOperations(call.body)
  const group = await mustGetGroup(deps, call, id)
  const adds: string[] = []
  const removes: string[] = []
  let displayName: string | undefined
  for (const { op, path, value } of operations) {
    if (path === undefined) {
      // Okta: {"op": "replace", "value": {"id": "…", "displayName": "…"}}
      if (op !== 'replace' && op !== 'add') throw scimErrors.invalidPath('')
      if (!isObject(value))
        throw scimErrors.invalidValue('An operation without a path needs an object value.')
      for (const [k, v] of Object.entries(value)) {
        if (k.toLowerCase() === 'displayname') displayName = displayNameOf(v)
        else if (k.toLowerCase() === 'members' && op === 'add') adds.push(...memberIds(v))
        else if (k.toLowerCase() === 'id' && v === id) continue
        else throw scimErrors.invalidPath(k)
      }
      continue
    }
    const p = parsePath(path)
    if (p === undefined) throw scimErrors.invalidPath(path)
    const attribute = p.attribute.toLowerCase()
    if (attribute === 'displayname' && p.filter === undefined && op !== 'remove') {
      displayName = displayNameOf(value)
    } else if (attribute === 'members' && op === 'add' && p.filter === undefined) {
      adds.push(...memberIds(value))
    } else if (attribute === 'members' && op === 'remove') {
      // Okta: path members[value eq "id"]; Entra ID: path members with a value list.
      if (p.filter !== undefined && p.filter.attribute.toLowerCase() === 'value')
        removes.push(JSON.parse(`"${p.filter.value}"`) as string)
      else if (p.filter === undefined && value !== undefined) removes.push(...memberIds(value))
      else throw scimErrors.invalidValue('Removing all members is not supported.')
    } else throw scimErrors.invalidPath(path)
  }
  if (adds.length + removes.length > MAX_MEMBER_CHANGES)
    throw scimErrors.invalidValue(`At most ${MAX_MEMBER_CHANGES} membership changes per request.`)
  if (displayName !== undefined && displayName !== group.displayName) {
    await uniqueName(() =>
      deps.store.updateGroup(call.identityStoreId, id, {
        displayName: displayName!,
        updatedAt: call.now,
        updatedBy: scimActor(call),
      }),
    )
  }
  await addMembers(deps, call, id, adds)
  await removeMembers(deps, call, id, removes)
  auditScim(
    call,
    'PatchGroup',
    {
      id,
      ...(displayName === undefined ? {} : { displayName }),
      membersAdded: adds,
      membersRemoved: removes,
    },
    null,
  )
  return { status: 204 }
}

/** DELETE /Groups/{id}: the group and its memberships go. */
export async function deleteScimGroup(deps: ScimDeps, call: ScimCall, id: string) {
  if (!(await deps.store.deleteGroup(call.identityStoreId, id)))
    throw scimErrors.notFound('Group', id)
  auditScim(call, 'DeleteGroup', { id }, null)
  return { status: 204 }
}
