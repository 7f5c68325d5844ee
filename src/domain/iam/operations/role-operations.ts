/**
 * Roles: CreateRole GetRole ListRoles UpdateRole UpdateRoleDescription DeleteRole
 * UpdateAssumeRolePolicy, permissions boundaries and tags.
 */
import { newUniqueId } from '../../common/ids.ts'
import { PATTERNS } from '../../common/input-reader.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { iamArn } from '../iam-arns.ts'
import type { RoleRecord } from '../iam-records.ts'
import { allTags } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, mustRole, nowMs, onEntity, onNew, paged, unique, write } from './iam-helpers.ts'
import {
  checkBoundaryArn,
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
import { checkPolicyDocument, POLICY_SIZE } from './policy-document-check.ts'
import { mustBoundary } from './policy-resolution.ts'
import { checkTagQuota } from './user-operations.ts'

const readTrustPolicy = (r: InputReader, field: string) =>
  r.string(field, { required: true, min: 1, max: 131072, pattern: PATTERNS.policyDocument })

const checkTrust = (document: string) =>
  checkPolicyDocument(document, 'trust', POLICY_SIZE.trust, () =>
    iamErrors.quota('ACLSizePerRole', POLICY_SIZE.trust),
  )

const readDescription = (r: InputReader) =>
  r.string('Description', {
    max: 1000,
    pattern: [
      // eslint-disable-next-line no-control-regex -- AWS's own pattern admits tab, LF and CR
      /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/,
      '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*',
    ],
  })

/** The role operations by AWS name. */
export function roleOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps
  const roleNameInput = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const roleName = readName(r, 'RoleName', 64)
    r.done()
    return { roleName }
  }
  return {
    CreateRole: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const trustPolicy = readTrustPolicy(r, 'AssumeRolePolicyDocument')
        const description = readDescription(r)
        const maxSessionDuration = r.integer('MaxSessionDuration', { min: 3600, max: 43200 })
        const boundary = r.string('PermissionsBoundary', { min: 20, max: 2048 })
        r.done()
        const path = readPath(r)
        const tags = readTags(raw)
        checkTrust(trustPolicy)
        return {
          roleName,
          trustPolicy,
          description,
          maxSessionDuration,
          path,
          tags,
          boundary: boundary === undefined ? undefined : checkBoundaryArn(boundary),
        }
      },
      authorization: (input, call) =>
        onNew(call, 'CreateRole', 'role', input.path, input.roleName, {
          ...tagContext(input.tags),
          ...(input.boundary === undefined ? {} : { 'iam:PermissionsBoundary': input.boundary }),
        }),
      async run(input, call) {
        const accountId = accountOf(call)
        if (input.boundary !== undefined) await mustBoundary(store, accountId, input.boundary)
        const path = input.path ?? '/'
        const role: RoleRecord = {
          accountId,
          id: newUniqueId('AROA'),
          name: input.roleName,
          path,
          arn: iamArn(accountId, 'role', path, input.roleName),
          createdAt: nowMs(deps),
          trustPolicy: input.trustPolicy,
          description: input.description ?? null,
          maxSessionDuration: input.maxSessionDuration ?? 3600,
          permissionsBoundaryArn: input.boundary ?? null,
          lastUsedAt: null,
          lastUsedRegion: null,
        }
        await write(deps, async (tx) => {
          await unique(
            () => tx.createRole(role),
            () => iamErrors.roleExists(input.roleName),
          )
          await tx.tagResource(role.id, input.tags)
        })
        return { Role: roleShape(role, 'create', input.tags) }
      },
    }),

    GetRole: operation({
      parse: roleNameInput,
      authorization: (input, call) => onEntity(deps, call, 'GetRole', 'role', input.roleName),
      async run(input, call) {
        const role = await mustRole(store, accountOf(call), input.roleName)
        return { Role: roleShape(role, 'get', await allTags(store, role.id)) }
      },
    }),

    ListRoles: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        r.done()
        return { pathPrefix, page }
      },
      authorization: (_input, call) => ({
        action: 'iam:ListRoles',
        resource: iamArn(accountOf(call), 'role', '/', '*'),
      }),
      async run(input, call) {
        const filter = input.pathPrefix === undefined ? {} : { pathPrefix: input.pathPrefix }
        const page = await paged(() => store.listRoles(accountOf(call), filter, input.page))
        return {
          Roles: page.items.map((role) => roleShape(role, 'list')),
          ...pageMarker(page.nextToken),
        }
      },
    }),

    UpdateRole: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const description = readDescription(r)
        const maxSessionDuration = r.integer('MaxSessionDuration', { min: 3600, max: 43200 })
        r.done()
        return { roleName, description, maxSessionDuration }
      },
      authorization: (input, call) => onEntity(deps, call, 'UpdateRole', 'role', input.roleName),
      async run(input, call) {
        await write(deps, async (tx) => {
          await mustRole(tx, accountOf(call), input.roleName)
          await tx.updateRole(accountOf(call), input.roleName, {
            ...(input.description === undefined ? {} : { description: input.description }),
            ...(input.maxSessionDuration === undefined
              ? {}
              : { maxSessionDuration: input.maxSessionDuration }),
          })
        })
        return {}
      },
    }),

    UpdateRoleDescription: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const description = readDescription(r) ?? ''
        r.done()
        return { roleName, description }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'UpdateRoleDescription', 'role', input.roleName),
      async run(input, call) {
        const role = await write(deps, async (tx) => {
          await mustRole(tx, accountOf(call), input.roleName)
          return tx.updateRole(accountOf(call), input.roleName, { description: input.description })
        })
        return { Role: roleShape(role!, 'create', await allTags(store, role!.id)) }
      },
    }),

    DeleteRole: operation({
      parse: roleNameInput,
      authorization: (input, call) => onEntity(deps, call, 'DeleteRole', 'role', input.roleName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          const role = await mustRole(tx, accountId, input.roleName)
          const ref = { type: 'role', id: role.id } as const
          if ((await tx.listInlinePolicyNames(ref, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDeletePolicies()
          }
          if ((await tx.listAttachedPolicyArns(ref, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDetachPolicies()
          }
          await tx.deleteRole(accountId, role.name)
        })
        return {}
      },
    }),

    UpdateAssumeRolePolicy: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const document = readTrustPolicy(r, 'PolicyDocument')
        r.done()
        checkTrust(document)
        return { roleName, document }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'UpdateAssumeRolePolicy', 'role', input.roleName),
      async run(input, call) {
        await write(deps, async (tx) => {
          await mustRole(tx, accountOf(call), input.roleName)
          await tx.updateRole(accountOf(call), input.roleName, { trustPolicy: input.document })
        })
        return {}
      },
    }),

    PutRolePermissionsBoundary: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const arn = r.string('PermissionsBoundary', { required: true, min: 20, max: 2048 })
        r.done()
        return { roleName, arn: checkBoundaryArn(arn) }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'PutRolePermissionsBoundary', 'role', input.roleName, {
          'iam:PermissionsBoundary': input.arn,
        }),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          await mustRole(tx, accountId, input.roleName)
          await mustBoundary(tx, accountId, input.arn)
          await tx.updateRole(accountId, input.roleName, { permissionsBoundaryArn: input.arn })
        })
        return {}
      },
    }),

    DeleteRolePermissionsBoundary: operation({
      parse: roleNameInput,
      authorization: (input, call) =>
        onEntity(deps, call, 'DeleteRolePermissionsBoundary', 'role', input.roleName),
      async run(input, call) {
        await write(deps, async (tx) => {
          await mustRole(tx, accountOf(call), input.roleName)
          await tx.updateRole(accountOf(call), input.roleName, { permissionsBoundaryArn: null })
        })
        return {}
      },
    }),

    TagRole: operation({
      parse(raw) {
        return { ...roleNameInput(raw), tags: readTags(raw) }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'TagRole', 'role', input.roleName, tagContext(input.tags)),
      async run(input, call) {
        await write(deps, async (tx) => {
          const role = await mustRole(tx, accountOf(call), input.roleName)
          checkTagQuota(await allTags(tx, role.id), input.tags, 'TagsPerRole')
          await tx.tagResource(role.id, input.tags)
        })
        return {}
      },
    }),

    UntagRole: operation({
      parse(raw) {
        return { ...roleNameInput(raw), keys: readTagKeys(raw) }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'UntagRole', 'role', input.roleName, { 'aws:TagKeys': input.keys }),
      async run(input, call) {
        await write(deps, async (tx) => {
          const role = await mustRole(tx, accountOf(call), input.roleName)
          await tx.untagResource(role.id, input.keys)
        })
        return {}
      },
    }),

    ListRoleTags: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const page = readPaging(r)
        r.done()
        return { roleName, page }
      },
      authorization: (input, call) => onEntity(deps, call, 'ListRoleTags', 'role', input.roleName),
      async run(input, call) {
        const role = await mustRole(store, accountOf(call), input.roleName)
        const page = await paged(() => store.listTags(role.id, input.page))
        return { Tags: tagList(page.items), ...pageMarker(page.nextToken) }
      },
    }),
  }
}
