/**
 * Tags on roots, OUs, accounts and policies: TagResource, UntagResource, ListTagsForResource.
 * At most 50 tags a resource (ConstraintViolationException MAX_TAG_LIMIT_EXCEEDED).
 */
import { orgErrors } from './errors.ts'
import { onNode } from './org-authorization.ts'
import { ID_RULES, type OrgInput } from './org-input.ts'
import {
  MAX_TAGS,
  orgOperation,
  requestTagContext,
  type AnyOperation,
  type OrgAuthorization,
  type OrgCall,
} from './org-operation.ts'
import { nextTokenShape, tagsShape } from './org-shapes.ts'
import { findNode, readAll, tagsOf } from './org-tree.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import type { OrganizationsStore } from './organizations-store.ts'

/** The ARN of a taggable resource of the caller's organization, or TargetNotFoundException. */
async function taggable(store: OrganizationsStore, org: OrgCall, id: string): Promise<string> {
  if (id.startsWith('p-')) {
    const policy = await store.getPolicy(id)
    if (policy === undefined || policy.organizationId !== org.organization.id) {
      throw orgErrors.TargetNotFoundException()
    }
    return policy.arn
  }
  const node = await findNode(store, org.organization.id, id)
  if (node === undefined) throw orgErrors.TargetNotFoundException()
  return node.arn
}

async function onResource(
  org: OrgCall,
  id: string,
  extra: Partial<OrgAuthorization> = {},
): Promise<OrgAuthorization> {
  if (!id.startsWith('p-')) return onNode(org, id, extra)
  const resource = await taggable(org.deps.store, org, id)
  return { resource, resourceTags: await tagsOf(org.deps.store, id), ...extra }
}

const resourceIdInput = (r: OrgInput) => r.string('ResourceId', ID_RULES.ResourceId)

/** The operations on tags. */
export function tagOperations(deps: OrganizationsDeps): Record<string, AnyOperation> {
  return {
    TagResource: orgOperation(deps, {
      action: 'TagResource',
      writes: true,
      parse: (r) => ({ resourceId: resourceIdInput(r), tags: r.tags('Tags', true) }),
      authorize: (input, org) =>
        onResource(org, input.resourceId, { context: requestTagContext(input.tags) }),
      async run(input, org) {
        await deps.store.transaction(async (store) => {
          await taggable(store, org, input.resourceId)
          const keys = new Set(
            (await readAll((page) => store.listTags(input.resourceId, page))).map((t) => t.key),
          )
          for (const t of input.tags) keys.add(t.Key)
          if (keys.size > MAX_TAGS) {
            throw orgErrors.ConstraintViolationException('MAX_TAG_LIMIT_EXCEEDED')
          }
          await store.tagResource(
            input.resourceId,
            input.tags.map((t) => ({ key: t.Key, value: t.Value })),
          )
        })
        return {}
      },
      invalidates: () => [],
    }),

    UntagResource: orgOperation(deps, {
      action: 'UntagResource',
      writes: true,
      parse: (r) => ({ resourceId: resourceIdInput(r), keys: r.tagKeys() }),
      authorize: (input, org) =>
        onResource(org, input.resourceId, { context: { 'aws:TagKeys': input.keys } }),
      async run(input, org) {
        await taggable(deps.store, org, input.resourceId)
        await deps.store.untagResource(input.resourceId, input.keys)
        return {}
      },
      invalidates: () => [],
    }),

    ListTagsForResource: orgOperation(deps, {
      action: 'ListTagsForResource',
      parse: (r) => {
        const resourceId = resourceIdInput(r)
        const nextToken = r.string('NextToken')
        return { resourceId, page: nextToken === undefined ? {} : { nextToken } }
      },
      authorize: (input, org) => onResource(org, input.resourceId),
      async run(input, org) {
        await taggable(deps.store, org, input.resourceId)
        const page = await deps.store.listTags(input.resourceId, input.page)
        return { Tags: tagsShape(page.items), ...nextTokenShape(page.nextToken) }
      },
    }),
  }
}
