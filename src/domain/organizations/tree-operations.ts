/**
 * Walking the tree: ListParents and ListChildren.
 */
import { orgErrors } from './errors.ts'
import { onNode } from './org-authorization.ts'
import { ID_RULES } from './org-input.ts'
import { orgOperation, type AnyOperation } from './org-operation.ts'
import { nextTokenShape } from './org-shapes.ts'
import { findNode, findParent } from './org-tree.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import { nodeTypeOf } from './org-ids.ts'

const CHILD_TYPES = ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] as const

/** The operations that walk the tree. */
export function treeOperations(deps: OrganizationsDeps): Record<string, AnyOperation> {
  return {
    ListParents: orgOperation(deps, {
      action: 'ListParents',
      parse: (r) => ({ childId: r.string('ChildId', ID_RULES.ChildId), page: r.page() }),
      authorize: (input, org) => onNode(org, input.childId),
      async run(input, org) {
        const child = await findNode(deps.store, org.organization.id, input.childId)
        if (child?.parentId === undefined) throw orgErrors.ChildNotFoundException()
        return { Parents: [{ Id: child.parentId, Type: nodeTypeOf(child.parentId) }] }
      },
    }),

    ListChildren: orgOperation(deps, {
      action: 'ListChildren',
      parse: (r) => ({
        parentId: r.string('ParentId', ID_RULES.ParentId),
        childType: r.enumOf('ChildType', CHILD_TYPES, { required: true })!,
        page: r.page(),
      }),
      authorize: (input, org) => onNode(org, input.parentId),
      async run(input, org) {
        const parent = await findParent(deps.store, org.organization.id, input.parentId)
        if (parent === undefined) throw orgErrors.ParentNotFoundException()
        const page = await deps.store.listChildren(parent.id, input.childType, input.page)
        return {
          Children: page.items.map((c) => ({ Id: c.id, Type: c.type })),
          ...nextTokenShape(page.nextToken),
        }
      },
    }),
  }
}
