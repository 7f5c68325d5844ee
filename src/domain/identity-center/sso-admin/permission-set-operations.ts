/**
 * Instances and permission sets: ListInstances, DescribeInstance, Create/Describe/Update/Delete/
 * ListPermissionSets. Changing a permission set does not touch the accounts it is provisioned
 * to: as in AWS, ProvisionPermissionSet applies the change.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { ssoErrors } from './errors.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import type { PermissionSetPatch, PermissionSetRecord } from './sso-admin-records.ts'
import { newPermissionSetArn } from './sso-arns.ts'
import { RULES, SSO_PATTERNS, type SsoInput } from './sso-input.ts'
import {
  permissionSetOf,
  requestTagContext,
  ssoOperation,
  tagsOf,
  type SsoCall,
} from './sso-operation.ts'
import { instanceShape, nextTokenOf, permissionSetShape } from './sso-shapes.ts'
import {
  DEFAULT_SESSION_DURATION,
  DURATION_PATTERN,
  validSessionDuration,
} from './session-duration.ts'

/** The most permission sets an instance may hold (AWS's default quota). */
export const MAX_PERMISSION_SETS = 2000

/** Reads `InstanceArn` and `PermissionSetArn`. */
export const readTarget = (r: SsoInput) => ({
  instanceArn: r.string('InstanceArn', RULES.InstanceArn),
  permissionSetArn: r.string('PermissionSetArn', RULES.PermissionSetArn),
})

/** The resources of an operation on one permission set: the set, then its instance. */
export const onPermissionSet = async (
  input: { instanceArn: string; permissionSetArn: string },
  c: SsoCall,
) => ({
  resources: [input.permissionSetArn, input.instanceArn],
  resourceTags: await tagsOf(c, input.permissionSetArn),
})

const optional = (r: SsoInput) => ({
  description: r.string('Description', { min: 1, max: 700, pattern: SSO_PATTERNS.description }),
  sessionDuration: r.string('SessionDuration', { min: 1, max: 100, pattern: DURATION_PATTERN }),
  relayState: r.string('RelayState', { min: 1, max: 240, pattern: SSO_PATTERNS.relayState }),
})

/**
 * Applies `change` to the latest version of a permission set (optimistic: a concurrent change
 * makes this one fail with ConflictException, which AWS asks callers to retry).
 */
export async function changePermissionSet(
  c: SsoCall,
  arn: string,
  change: (ps: PermissionSetRecord) => PermissionSetPatch,
): Promise<PermissionSetRecord> {
  const ps = await permissionSetOf(c, arn)
  const updated = await c.deps.store.updatePermissionSet(arn, ps.version, change(ps))
  if (updated !== undefined) return updated
  if ((await c.deps.store.getPermissionSet(arn)) === undefined) {
    throw ssoErrors.permissionSetNotFound(arn)
  }
  throw ssoErrors.concurrentChange()
}

/** The instance and permission set operations. */
export function permissionSetOperations(deps: SsoAdminDeps): Record<string, AnyOperation> {
  return {
    ListInstances: ssoOperation(deps, {
      action: 'ListInstances',
      parse: (r) => r.page(),
      // The caller's organization has one instance: it is the whole list.
      run: async (_input, c) => ({ Instances: [instanceShape(c.instance)] }),
    }),

    DescribeInstance: ssoOperation(deps, {
      action: 'DescribeInstance',
      parse: (r) => ({ instanceArn: r.string('InstanceArn', RULES.InstanceArn) }),
      instanceArn: (i) => i.instanceArn,
      resources: (i) => ({ resources: [i.instanceArn] }),
      run: async (_input, c) => instanceShape(c.instance),
    }),

    CreatePermissionSet: ssoOperation(deps, {
      action: 'CreatePermissionSet',
      writes: true,
      parse: (r) => ({
        instanceArn: r.string('InstanceArn', RULES.InstanceArn),
        name: r.string('Name', { required: true, min: 1, max: 32, pattern: SSO_PATTERNS.name }),
        ...optional(r),
        tags: r.tags(),
      }),
      instanceArn: (i) => i.instanceArn,
      resources: (i) => ({ resources: [i.instanceArn], context: requestTagContext(i.tags) }),
      async run(input, c) {
        const sessionDuration = input.sessionDuration ?? DEFAULT_SESSION_DURATION
        if (!validSessionDuration(sessionDuration)) throw ssoErrors.sessionDuration()
        const ps: PermissionSetRecord = {
          arn: newPermissionSetArn(input.instanceArn),
          instanceArn: input.instanceArn,
          name: input.name,
          description: input.description ?? null,
          sessionDuration,
          relayState: input.relayState ?? null,
          createdAt: c.now,
          managedPolicyArns: [],
          customerManagedPolicies: [],
          inlinePolicy: null,
          permissionsBoundary: null,
          version: 1,
        }
        await c.deps.store.transaction(async (tx) => {
          const count = await tx.listPermissionSets(input.instanceArn, {
            maxResults: MAX_PERMISSION_SETS,
          })
          if (count.nextToken !== undefined) throw ssoErrors.permissionSetLimit(MAX_PERMISSION_SETS)
          try {
            await tx.createPermissionSet(ps)
          } catch (error) {
            if (error instanceof StoreError && error.subject === 'permissionSet.name') {
              throw ssoErrors.permissionSetExists(input.name)
            }
            throw error
          }
          if (input.tags.length > 0) await tx.tagResource(ps.arn, input.tags)
        })
        return { PermissionSet: permissionSetShape(ps) }
      },
    }),

    DescribePermissionSet: ssoOperation(deps, {
      action: 'DescribePermissionSet',
      parse: readTarget,
      instanceArn: (i) => i.instanceArn,
      resources: onPermissionSet,
      run: async (input, c) => ({
        PermissionSet: permissionSetShape(await permissionSetOf(c, input.permissionSetArn)),
      }),
    }),

    UpdatePermissionSet: ssoOperation(deps, {
      action: 'UpdatePermissionSet',
      writes: true,
      parse: (r) => ({ ...readTarget(r), ...optional(r) }),
      instanceArn: (i) => i.instanceArn,
      resources: onPermissionSet,
      async run(input, c) {
        if (input.sessionDuration !== undefined && !validSessionDuration(input.sessionDuration)) {
          throw ssoErrors.sessionDuration()
        }
        await changePermissionSet(c, input.permissionSetArn, () => ({
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.sessionDuration === undefined
            ? {}
            : { sessionDuration: input.sessionDuration }),
          ...(input.relayState === undefined ? {} : { relayState: input.relayState }),
        }))
        return {}
      },
    }),

    DeletePermissionSet: ssoOperation(deps, {
      action: 'DeletePermissionSet',
      writes: true,
      parse: readTarget,
      instanceArn: (i) => i.instanceArn,
      resources: onPermissionSet,
      async run(input, c) {
        await permissionSetOf(c, input.permissionSetArn)
        await c.deps.store.transaction(async (tx) => {
          const provisioned = await tx.countProvisioned(input.permissionSetArn)
          const assigned = await tx.countAssignments(input.permissionSetArn)
          if (provisioned > 0 || assigned > 0) throw ssoErrors.permissionSetProvisioned()
          await tx.deletePermissionSet(input.permissionSetArn)
        })
        return {}
      },
    }),

    ListPermissionSets: ssoOperation(deps, {
      action: 'ListPermissionSets',
      parse: (r) => ({ instanceArn: r.string('InstanceArn', RULES.InstanceArn), page: r.page() }),
      instanceArn: (i) => i.instanceArn,
      resources: (i) => ({ resources: [i.instanceArn] }),
      async run(input, c) {
        const page = await c.deps.store.listPermissionSets(input.instanceArn, input.page)
        return { PermissionSets: page.items.map((ps) => ps.arn), ...nextTokenOf(page) }
      },
    }),
  }
}
