/** TagResource, UntagResource, ListTagsForResource on the instance and its permission sets. */
import type { AnyOperation } from '../../common/operation.ts'
import { ssoErrors } from './errors.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import { RULES, SSO_PATTERNS, type SsoInput } from './sso-input.ts'
import {
  permissionSetOf,
  requestTagContext,
  ssoOperation,
  tagsOf,
  type SsoCall,
} from './sso-operation.ts'
import { nextTokenOf } from './sso-shapes.ts'

/** The most tags a resource may carry (AWS's TagList limit). */
export const MAX_TAGS = 75

const readResource = (r: SsoInput) => ({
  instanceArn: r.string('InstanceArn', { ...RULES.InstanceArn, required: false }),
  resourceArn: r.string('ResourceArn', {
    required: true,
    min: 10,
    max: 2048,
    pattern: SSO_PATTERNS.resourceArn,
  }),
})

/** Checks the resource is the caller's instance or one of its permission sets. */
async function requireResource(c: SsoCall, arn: string): Promise<void> {
  if (arn.includes(':permissionSet/')) {
    await permissionSetOf(c, arn)
  } else if (arn !== c.instance.instanceArn) {
    throw ssoErrors.resourceNotFound(arn)
  }
}

const resourcesOf = (arn: string, c: SsoCall) =>
  arn.includes(':permissionSet/') ? [arn, c.instance.instanceArn] : [arn]

/** The tagging operations. */
export function tagOperations(deps: SsoAdminDeps): Record<string, AnyOperation> {
  return {
    TagResource: ssoOperation(deps, {
      action: 'TagResource',
      writes: true,
      parse: (r) => ({ ...readResource(r), tags: r.tags('Tags', true) }),
      instanceArn: (i) => i.instanceArn,
      resources: async (i, c) => ({
        resources: resourcesOf(i.resourceArn, c),
        context: requestTagContext(i.tags),
        resourceTags: await tagsOf(c, i.resourceArn),
      }),
      async run(input, c) {
        await requireResource(c, input.resourceArn)
        await c.deps.store.transaction(async (tx) => {
          await tx.tagResource(input.resourceArn, input.tags)
          const after = await tx.listTags(input.resourceArn, { maxResults: MAX_TAGS + 1 })
          if (after.items.length > MAX_TAGS) throw ssoErrors.tagLimit()
        })
        return {}
      },
    }),

    UntagResource: ssoOperation(deps, {
      action: 'UntagResource',
      writes: true,
      parse: (r) => {
        const keys = r.reader.strings('TagKeys', { max: 75 })
        if (keys.length === 0) r.reader.fail('TagKeys', undefined, 'Member must not be null')
        return { ...readResource(r), keys }
      },
      instanceArn: (i) => i.instanceArn,
      resources: async (i, c) => ({
        resources: resourcesOf(i.resourceArn, c),
        context: { 'aws:TagKeys': i.keys },
        resourceTags: await tagsOf(c, i.resourceArn),
      }),
      async run(input, c) {
        await requireResource(c, input.resourceArn)
        await c.deps.store.untagResource(input.resourceArn, input.keys)
        return {}
      },
    }),

    ListTagsForResource: ssoOperation(deps, {
      action: 'ListTagsForResource',
      parse: (r) => ({ ...readResource(r), page: r.page() }),
      instanceArn: (i) => i.instanceArn,
      resources: async (i, c) => ({
        resources: resourcesOf(i.resourceArn, c),
        resourceTags: await tagsOf(c, i.resourceArn),
      }),
      async run(input, c) {
        await requireResource(c, input.resourceArn)
        const page = await c.deps.store.listTags(input.resourceArn, input.page)
        return {
          Tags: page.items.map((t) => ({ Key: t.key, Value: t.value })),
          ...nextTokenOf(page),
        }
      },
    }),
  }
}
