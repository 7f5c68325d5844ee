/**
 * Organizational units: Create, Update, Delete, Describe and ListOrganizationalUnitsForParent.
 * OUs nest at most five levels below the root, as in AWS.
 */
import { orgScope } from '../authorization/policy-scope.ts'
import { newOuId } from '../common/ids.ts'
import { orgErrors } from './errors.ts'
import { orgArns } from './org-arns.ts'
import { onNode } from './org-authorization.ts'
import { ID_RULES } from './org-input.ts'
import {
  MAX_TAGS,
  onConflict,
  orgOperation,
  requestTagContext,
  type AnyOperation,
  type OrgCall,
} from './org-operation.ts'
import { nextTokenShape, ouShape } from './org-shapes.ts'
import { chainTo, findParent } from './org-tree.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import type { OrganizationalUnitRecord } from './organizations-records.ts'
import { attachDefaultPolicies } from './policy-type-switch.ts'

/** How many levels of OUs AWS allows below the root. */
export const MAX_OU_DEPTH = 5

const NAME_RULE = { min: 1, max: 128 } as const
const duplicateName = { 'organizationalUnit.name': orgErrors.DuplicateOrganizationalUnitException }

async function ownOu(org: OrgCall, id: string): Promise<OrganizationalUnitRecord> {
  const ou = await org.deps.store.getOrganizationalUnit(id)
  if (ou?.organizationId !== org.organization.id) {
    throw orgErrors.OrganizationalUnitNotFoundException()
  }
  return ou
}

/** The operations on organizational units. */
export function unitOperations(deps: OrganizationsDeps): Record<string, AnyOperation> {
  return {
    CreateOrganizationalUnit: orgOperation(deps, {
      action: 'CreateOrganizationalUnit',
      writes: true,
      parse: (r) => ({
        parentId: r.string('ParentId', ID_RULES.ParentId),
        name: r.string('Name', { ...NAME_RULE, required: true }),
        tags: r.tags(),
      }),
      authorize: (input, org) =>
        onNode(org, input.parentId, { context: requestTagContext(input.tags) }),
      async run(input, org) {
        if (input.tags.length > MAX_TAGS)
          throw orgErrors.ConstraintViolationException('MAX_TAG_LIMIT_EXCEEDED')
        const ou = await onConflict(
          () =>
            deps.store.transaction(async (store) => {
              const parent = await findParent(store, org.organization.id, input.parentId)
              if (parent === undefined) throw orgErrors.ParentNotFoundException()
              if ((await chainTo(store, parent.id)).length > MAX_OU_DEPTH) {
                throw orgErrors.ConstraintViolationException('OU_DEPTH_LIMIT_EXCEEDED')
              }
              const id = newOuId(org.root.id)
              const record: OrganizationalUnitRecord = {
                id,
                organizationId: org.organization.id,
                parentId: parent.id,
                arn: orgArns.ou(org.organization.managementAccountId, org.organization.id, id),
                name: input.name,
                createdAt: Date.now(),
              }
              await store.createOrganizationalUnit(record)
              await store.tagResource(
                id,
                input.tags.map((t) => ({ key: t.Key, value: t.Value })),
              )
              await attachDefaultPolicies(store, org.root.id, { id, type: 'ORGANIZATIONAL_UNIT' })
              return record
            }),
          duplicateName,
        )
        return { OrganizationalUnit: ouShape(ou) }
      },
      invalidates: () => [],
    }),

    UpdateOrganizationalUnit: orgOperation(deps, {
      action: 'UpdateOrganizationalUnit',
      writes: true,
      parse: (r) => ({
        id: r.string('OrganizationalUnitId', ID_RULES.OrganizationalUnitId),
        name: r.string('Name', NAME_RULE),
      }),
      authorize: (input, org) => onNode(org, input.id),
      async run(input, org) {
        let ou = await ownOu(org, input.id)
        if (input.name !== undefined && input.name !== ou.name) {
          const name = input.name
          ou =
            (await onConflict(
              () => deps.store.updateOrganizationalUnit(ou.id, { name }),
              duplicateName,
            )) ?? ou
        }
        return { OrganizationalUnit: ouShape(ou) }
      },
      invalidates: () => [],
    }),

    DeleteOrganizationalUnit: orgOperation(deps, {
      action: 'DeleteOrganizationalUnit',
      writes: true,
      parse: (r) => ({ id: r.string('OrganizationalUnitId', ID_RULES.OrganizationalUnitId) }),
      authorize: (input, org) => onNode(org, input.id),
      async run(input, org) {
        await deps.store.transaction(async (store) => {
          await ownOu({ ...org, deps: { ...deps, store } }, input.id)
          for (const type of ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] as const) {
            const children = await store.listChildren(input.id, type, { maxResults: 1 })
            if (children.items.length > 0) throw orgErrors.OrganizationalUnitNotEmptyException()
          }
          await store.deleteOrganizationalUnit(input.id)
        })
        return {}
      },
      invalidates: (input) => [orgScope(input.id)],
    }),

    DescribeOrganizationalUnit: orgOperation(deps, {
      action: 'DescribeOrganizationalUnit',
      parse: (r) => ({ id: r.string('OrganizationalUnitId', ID_RULES.OrganizationalUnitId) }),
      authorize: (input, org) => onNode(org, input.id),
      run: async (input, org) => ({ OrganizationalUnit: ouShape(await ownOu(org, input.id)) }),
    }),

    ListOrganizationalUnitsForParent: orgOperation(deps, {
      action: 'ListOrganizationalUnitsForParent',
      parse: (r) => ({ parentId: r.string('ParentId', ID_RULES.ParentId), page: r.page() }),
      authorize: (input, org) => onNode(org, input.parentId),
      async run(input, org) {
        const parent = await findParent(deps.store, org.organization.id, input.parentId)
        if (parent === undefined) throw orgErrors.ParentNotFoundException()
        const page = await deps.store.listOrganizationalUnitsForParent(parent.id, input.page)
        return { OrganizationalUnits: page.items.map(ouShape), ...nextTokenShape(page.nextToken) }
      },
    }),
  }
}
