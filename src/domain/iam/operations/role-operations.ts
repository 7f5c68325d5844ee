/**
 * Roles: CreateRole GetRole ListRoles UpdateRole UpdateRoleDescription DeleteRole
 * UpdateAssumeRolePolicy, permissions boundaries and tags.
 */
import { PATTERNS } from '../../common/input-reader.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import type { RoleRecord } from '../iam-records.ts'
import { allTags } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { newEntityRecord, readEntityName, ROLE_KIND } from './entity-kinds.ts'
import { entityListOperation } from './entity-list-operation.ts'
import { entityTagOperations } from './entity-tag-operations.ts'
import {
  accountOf,
  mustModifiableRole,
  mustRole,
  nowMs,
  onEntity,
  onEntityChange,
  onNew,
  requireNoPolicies,
  unique,
  write,
} from './iam-helpers.ts'
import {
  checkBoundaryArn,
  creationContext,
  InputReader,
  readName,
  readPath,
  readTags,
} from './iam-input.ts'
import { roleShape } from './iam-shapes.ts'
import { permissionsBoundaryOperations } from './permissions-boundary-operations.ts'
import { checkPolicyDocument, POLICY_SIZE } from './policy-document-check.ts'
import { mustBoundary } from './policy-resolution.ts'

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
        onNew(
          call,
          'CreateRole',
          'role',
          input.path,
          input.roleName,
          creationContext(input.tags, input.boundary),
        ),
      async run(input, call) {
        const accountId = accountOf(call)
        if (input.boundary !== undefined) await mustBoundary(store, accountId, input.boundary)
        const role: RoleRecord = {
          ...newEntityRecord(ROLE_KIND, accountId, input.roleName, input.path, nowMs(deps)),
          trustPolicy: input.trustPolicy,
          description: input.description ?? null,
          maxSessionDuration: input.maxSessionDuration ?? 3600,
          permissionsBoundaryArn: input.boundary ?? null,
          lastUsedAt: null,
          lastUsedRegion: null,
        }
        await write(deps, call, async (tx) => {
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
      parse: (raw) => readEntityName(ROLE_KIND, raw),
      authorization: (input, call) => onEntity(deps, call, 'GetRole', 'role', input.entityName),
      async run(input, call) {
        const role = await mustRole(store, accountOf(call), input.entityName)
        return { Role: roleShape(role, 'get', await allTags(store, role.id)) }
      },
    }),

    ...entityListOperation(
      ROLE_KIND,
      (accountId, filter, page) => store.listRoles(accountId, filter, page),
      (role) => roleShape(role, 'list'),
    ),

    UpdateRole: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const roleName = readName(r, 'RoleName', 64)
        const description = readDescription(r)
        const maxSessionDuration = r.integer('MaxSessionDuration', { min: 3600, max: 43200 })
        r.done()
        return { roleName, description, maxSessionDuration }
      },
      authorization: (input, call) =>
        onEntityChange(deps, call, 'UpdateRole', 'role', input.roleName),
      async run(input, call) {
        await write(deps, call, async (tx) => {
          await mustModifiableRole(tx, accountOf(call), input.roleName)
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
        onEntityChange(deps, call, 'UpdateRoleDescription', 'role', input.roleName),
      async run(input, call) {
        const role = await write(deps, call, async (tx) => {
          await mustModifiableRole(tx, accountOf(call), input.roleName)
          return tx.updateRole(accountOf(call), input.roleName, { description: input.description })
        })
        return { Role: roleShape(role!, 'create', await allTags(store, role!.id)) }
      },
    }),

    DeleteRole: operation({
      parse: (raw) => readEntityName(ROLE_KIND, raw),
      authorization: (input, call) =>
        onEntityChange(deps, call, 'DeleteRole', 'role', input.entityName),
      async run(input, call) {
        const accountId = accountOf(call)
        const profiles = deps.instanceProfiles
        if (profiles !== undefined) {
          // Asked before IAM's transaction: the profile store is another port.
          const role = await mustModifiableRole(store, accountId, input.entityName)
          const held = await profiles.listInstanceProfilesForRole(role.id, { maxResults: 1 })
          if (held.items.length > 0) throw iamErrors.mustRemoveRolesFromProfile()
        }
        await write(deps, call, async (tx) => {
          const role = await mustModifiableRole(tx, accountId, input.entityName)
          await requireNoPolicies(tx, { type: 'role', id: role.id })
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
        onEntityChange(deps, call, 'UpdateAssumeRolePolicy', 'role', input.roleName),
      async run(input, call) {
        await write(deps, call, async (tx) => {
          await mustModifiableRole(tx, accountOf(call), input.roleName)
          await tx.updateRole(accountOf(call), input.roleName, { trustPolicy: input.document })
        })
        return {}
      },
    }),

    ...permissionsBoundaryOperations(deps, ROLE_KIND, (tx, accountId, name, arn) =>
      tx.updateRole(accountId, name, { permissionsBoundaryArn: arn }),
    ),

    ...entityTagOperations(deps, ROLE_KIND),
  }
}
