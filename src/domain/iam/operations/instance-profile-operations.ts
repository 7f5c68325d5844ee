/**
 * Instance profiles: CreateInstanceProfile GetInstanceProfile ListInstanceProfiles
 * DeleteInstanceProfile AddRoleToInstanceProfile RemoveRoleFromInstanceProfile
 * ListInstanceProfilesForRole, and TagInstanceProfile UntagInstanceProfile ListInstanceProfileTags.
 * Shapes and errors as AWS answered in shared/reference/aws-recorded/iam_test_iam_instance_profiles.
 */
import { newUniqueId } from '../../common/ids.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { iamArn } from '../iam-arns.ts'
import type { RoleRecord } from '../iam-records.ts'
import type { IamStore } from '../iam-store.ts'
import { allTags } from '../iam-store-reads.ts'
import type { InstanceProfileRecord, InstanceProfileStore } from '../instance-profile-store.ts'
import { checkTagQuota } from './entity-tag-operations.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, mustRole, nowMs, onNew, paged, unique } from './iam-helpers.ts'
import {
  InputReader,
  readName,
  readPaging,
  readPath,
  readPathPrefix,
  readTagKeys,
  readTags,
  tagContext,
} from './iam-input.ts'
import { pageMarker, roleShape, tagList } from './iam-shapes.ts'

/** AWS's quota InstanceSessionsPerInstanceProfile: one role per profile. */
const ROLES_PER_PROFILE = 1

const readProfileName = (r: InputReader) => readName(r, 'InstanceProfileName', 128)

/** The profile, or NoSuchEntity in AWS's words. */
async function mustProfile(
  profiles: InstanceProfileStore,
  accountId: string,
  name: string,
): Promise<InstanceProfileRecord> {
  const profile = await profiles.getInstanceProfile(accountId, name)
  if (profile === undefined) throw iamErrors.noSuchInstanceProfile(name)
  return profile
}

/** The roles of a profile as IAM shows them (a role gone meanwhile is left out). */
async function rolesOf(store: IamStore, profiles: InstanceProfileStore, p: InstanceProfileRecord) {
  const roles: RoleRecord[] = []
  for (const ref of await profiles.rolesOf(p.id)) {
    const role = await store.getRole(p.accountId, ref.roleName)
    if (role !== undefined && role.id === ref.roleId) roles.push(role)
  }
  return roles.map((r) => roleShape(r, 'create'))
}

/** `InstanceProfile`; `tags` adds Tags (GetInstanceProfile, and creation with tags). */
async function profileShape(
  store: IamStore,
  profiles: InstanceProfileStore,
  p: InstanceProfileRecord,
  tags?: Parameters<typeof tagList>[0],
) {
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: p.arn,
    CreateDate: new Date(p.createdAt),
    Roles: await rolesOf(store, profiles, p),
    ...(tags === undefined ? {} : { Tags: tagList(tags) }),
  }
}

/** The instance profiles that hold a role, as GetAccountAuthorizationDetails lists them. */
export async function instanceProfilesOfRole(deps: IamCoreDeps, roleId: string) {
  const profiles = deps.instanceProfiles
  if (profiles === undefined) return []
  const shapes = []
  let nextToken: string | undefined
  do {
    const page = await profiles.listInstanceProfilesForRole(
      roleId,
      nextToken === undefined ? { maxResults: 1000 } : { maxResults: 1000, nextToken },
    )
    for (const p of page.items) shapes.push(await profileShape(deps.store, profiles, p))
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  return shapes
}

/** The instance profile operations by AWS name (none without an instance profile store). */
export function instanceProfileOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps
  const profiles = deps.instanceProfiles
  if (profiles === undefined) return {}

  const onProfile = async (
    call: Parameters<Operation['run']>[1],
    action: string,
    name: string,
    context?: Record<string, string | string[]>,
  ) => {
    const account = accountOf(call)
    const profile = await profiles.getInstanceProfile(account, name)
    return {
      action: `iam:${action}`,
      resource: profile?.arn ?? iamArn(account, 'instance-profile', '/', name),
      ...(context === undefined || Object.keys(context).length === 0 ? {} : { context }),
    }
  }
  const named = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const name = readProfileName(r)
    r.done()
    return { name }
  }
  const withRole = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const name = readProfileName(r)
    const roleName = readName(r, 'RoleName', 64)
    r.done()
    return { name, roleName }
  }

  return {
    CreateInstanceProfile: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const name = readProfileName(r)
        r.done()
        return { name, path: readPath(r), tags: readTags(raw) }
      },
      authorization: (input, call) =>
        onNew(
          call,
          'CreateInstanceProfile',
          'instance-profile',
          input.path,
          input.name,
          tagContext(input.tags),
        ),
      async run(input, call) {
        const accountId = accountOf(call)
        const path = input.path ?? '/'
        const profile: InstanceProfileRecord = {
          accountId,
          id: newUniqueId('AIPA'),
          name: input.name,
          path,
          arn: iamArn(accountId, 'instance-profile', path, input.name),
          createdAt: nowMs(deps),
        }
        await unique(
          () => profiles.createInstanceProfile(profile),
          () => iamErrors.instanceProfileExists(input.name),
        )
        if (input.tags.length > 0) await store.tagResource(profile.id, input.tags)
        const tags = input.tags.length > 0 ? input.tags : undefined
        return { InstanceProfile: await profileShape(store, profiles, profile, tags) }
      },
    }),

    GetInstanceProfile: operation({
      parse: named,
      authorization: (input, call) => onProfile(call, 'GetInstanceProfile', input.name),
      async run(input, call) {
        const profile = await mustProfile(profiles, accountOf(call), input.name)
        const tags = await allTags(store, profile.id)
        return { InstanceProfile: await profileShape(store, profiles, profile, tags) }
      },
    }),

    ListInstanceProfiles: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        r.done()
        return { pathPrefix, page }
      },
      authorization: (_input, call) => ({
        action: 'iam:ListInstanceProfiles',
        resource: iamArn(accountOf(call), 'instance-profile', '/', '*'),
      }),
      async run(input, call) {
        const page = await paged(() =>
          profiles.listInstanceProfiles(accountOf(call), input.pathPrefix, input.page),
        )
        const shapes = []
        for (const p of page.items) shapes.push(await profileShape(store, profiles, p))
        return { InstanceProfiles: shapes, ...pageMarker(page.nextToken) }
      },
    }),

    DeleteInstanceProfile: operation({
      parse: named,
      authorization: (input, call) => onProfile(call, 'DeleteInstanceProfile', input.name),
      async run(input, call) {
        const profile = await mustProfile(profiles, accountOf(call), input.name)
        if ((await profiles.rolesOf(profile.id)).length > 0) {
          throw iamErrors.mustRemoveRolesFromProfile()
        }
        await profiles.deleteInstanceProfile(profile.accountId, profile.name)
        const keys = (await allTags(store, profile.id)).map((t) => t.key)
        if (keys.length > 0) await store.untagResource(profile.id, keys)
        return {}
      },
    }),

    AddRoleToInstanceProfile: operation({
      parse: withRole,
      authorization: (input, call) => onProfile(call, 'AddRoleToInstanceProfile', input.name),
      async run(input, call) {
        const accountId = accountOf(call)
        const profile = await mustProfile(profiles, accountId, input.name)
        const role = await mustRole(store, accountId, input.roleName)
        const current = await profiles.rolesOf(profile.id)
        if (current.some((r) => r.roleId === role.id)) {
          throw iamErrors.quota('InstanceSessionsPerInstanceProfile', ROLES_PER_PROFILE)
        }
        if (current.length >= ROLES_PER_PROFILE) {
          throw iamErrors.quota('InstanceSessionsPerInstanceProfile', ROLES_PER_PROFILE) // recorded
        }
        await profiles.addRole(profile.id, { roleId: role.id, roleName: role.name })
        return {}
      },
    }),

    RemoveRoleFromInstanceProfile: operation({
      parse: withRole,
      authorization: (input, call) => onProfile(call, 'RemoveRoleFromInstanceProfile', input.name),
      async run(input, call) {
        const accountId = accountOf(call)
        const profile = await mustProfile(profiles, accountId, input.name)
        const role = await mustRole(store, accountId, input.roleName)
        if (!(await profiles.removeRole(profile.id, role.id))) {
          throw iamErrors.roleNotInInstanceProfile(role.name, profile.name)
        }
        return {}
      },
    }),

    ListInstanceProfilesForRole: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const page = readPaging(r)
        r.done()
        return { roleName, page }
      },
      authorization: async (input, call) => {
        const role = await store.getRole(accountOf(call), input.roleName)
        return {
          action: 'iam:ListInstanceProfilesForRole',
          resource: role?.arn ?? iamArn(accountOf(call), 'role', '/', input.roleName),
        }
      },
      async run(input, call) {
        const role = await mustRole(store, accountOf(call), input.roleName)
        const page = await paged(() => profiles.listInstanceProfilesForRole(role.id, input.page))
        const shapes = []
        for (const p of page.items) shapes.push(await profileShape(store, profiles, p))
        return { InstanceProfiles: shapes, ...pageMarker(page.nextToken) }
      },
    }),

    TagInstanceProfile: operation({
      parse: (raw) => ({ ...named(raw), tags: readTags(raw) }),
      authorization: (input, call) =>
        onProfile(call, 'TagInstanceProfile', input.name, tagContext(input.tags)),
      async run(input, call) {
        const profile = await mustProfile(profiles, accountOf(call), input.name)
        checkTagQuota(await allTags(store, profile.id), input.tags, 'TagsPerInstanceProfile')
        await store.tagResource(profile.id, input.tags)
        return {}
      },
    }),

    UntagInstanceProfile: operation({
      parse: (raw) => ({ ...named(raw), keys: readTagKeys(raw) }),
      authorization: (input, call) =>
        onProfile(call, 'UntagInstanceProfile', input.name, { 'aws:TagKeys': input.keys }),
      async run(input, call) {
        const profile = await mustProfile(profiles, accountOf(call), input.name)
        await store.untagResource(profile.id, input.keys)
        return {}
      },
    }),

    ListInstanceProfileTags: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const name = readProfileName(r)
        const page = readPaging(r)
        r.done()
        return { name, page }
      },
      authorization: (input, call) => onProfile(call, 'ListInstanceProfileTags', input.name),
      async run(input, call) {
        const profile = await mustProfile(profiles, accountOf(call), input.name)
        const page = await paged(() => store.listTags(profile.id, input.page))
        return { Tags: tagList(page.items), ...pageMarker(page.nextToken) }
      },
    }),
  }
}
