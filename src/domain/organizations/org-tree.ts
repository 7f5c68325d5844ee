/**
 * Reading the organization tree: which node an id names (within one organization), the chain of
 * parents from the root down to a node, and walks over every OU.
 */
import type { Page, PageRequest } from '../common/page.ts'
import { nodeTypeOf } from './org-ids.ts'
import type { AccountRecord, NodeRef, TargetType } from './organizations-records.ts'
import type { OrganizationsStore } from './organizations-store.ts'

/** A root, OU or account of one organization, with what ARN-based checks and replies need. */
export interface TreeNode {
  readonly id: string
  readonly type: TargetType
  readonly arn: string
  readonly name: string
  /** The root or OU holding it; undefined for a root. */
  readonly parentId: string | undefined
  /** Set for an account. */
  readonly account?: AccountRecord
}

/** The node `id` names in organization `organizationId`, or undefined. */
export async function findNode(
  store: OrganizationsStore,
  organizationId: string,
  id: string,
): Promise<TreeNode | undefined> {
  switch (nodeTypeOf(id)) {
    case 'ROOT': {
      const root = await store.getRoot(id)
      if (root?.organizationId !== organizationId) return undefined
      return { id, type: 'ROOT', arn: root.arn, name: root.name, parentId: undefined }
    }
    case 'ORGANIZATIONAL_UNIT': {
      const ou = await store.getOrganizationalUnit(id)
      if (ou?.organizationId !== organizationId) return undefined
      return { id, type: 'ORGANIZATIONAL_UNIT', arn: ou.arn, name: ou.name, parentId: ou.parentId }
    }
    case 'ACCOUNT': {
      const account = await store.getAccount(id)
      if (account?.organizationId !== organizationId) return undefined
      const { arn, name, parentId } = account
      return { id, type: 'ACCOUNT', arn, name, parentId, account }
    }
    default:
      return undefined
  }
}

/** A root or OU of the organization, or undefined (accounts are not parents). */
export async function findParent(
  store: OrganizationsStore,
  organizationId: string,
  id: string,
): Promise<TreeNode | undefined> {
  const node = await findNode(store, organizationId, id)
  return node?.type === 'ACCOUNT' ? undefined : node
}

/**
 * The chain from the root down to `parentId` inclusive: `[root, ou, ou…]`.
 * INVARIANT: the tree has no cycles (MoveAccount moves only accounts; OUs never move).
 */
export async function chainTo(store: OrganizationsStore, parentId: string): Promise<NodeRef[]> {
  const chain: NodeRef[] = []
  let id: string | undefined = parentId
  while (id !== undefined) {
    if (nodeTypeOf(id) === 'ROOT') {
      chain.unshift({ id, type: 'ROOT' })
      break
    }
    const ou = await store.getOrganizationalUnit(id)
    if (ou === undefined) break
    chain.unshift({ id, type: 'ORGANIZATIONAL_UNIT' })
    id = ou.parentId
  }
  return chain
}

/** Reads every page of a list. */
export async function readAll<T>(
  fetch: (page: PageRequest) => Promise<Page<T>>,
  pageSize = 500,
): Promise<T[]> {
  const items: T[] = []
  let nextToken: string | undefined
  do {
    const page = await fetch(
      nextToken === undefined ? { maxResults: pageSize } : { maxResults: pageSize, nextToken },
    )
    items.push(...page.items)
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  return items
}

/** Every OU under `parentId`, at any depth, parents before children. */
export async function allOrganizationalUnits(
  store: OrganizationsStore,
  parentId: string,
): Promise<string[]> {
  const out: string[] = []
  const queue = [parentId]
  while (queue.length > 0) {
    const id = queue.shift()!
    const children = await readAll((page) => store.listChildren(id, 'ORGANIZATIONAL_UNIT', page))
    for (const child of children) {
      out.push(child.id)
      queue.push(child.id)
    }
  }
  return out
}

/** The tags of a resource as a record (at most 50 exist). */
export async function tagsOf(
  store: OrganizationsStore,
  resourceId: string,
): Promise<Record<string, string>> {
  const tags = await readAll((page) => store.listTags(resourceId, page), 100)
  return Object.fromEntries(tags.map((t) => [t.key, t.value]))
}
