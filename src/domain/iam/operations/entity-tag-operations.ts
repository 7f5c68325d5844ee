/** Tags of users and roles: Tag{User,Role}, Untag{User,Role}, List{User,Role}Tags. */
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import type { TagRecord } from '../iam-records.ts'
import { allTags } from '../iam-store-reads.ts'
import { readEntityName, readEntityPage, type EntityKind } from './entity-kinds.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, onEntity, onEntityChange, paged, write } from './iam-helpers.ts'
import { readTagKeys, readTags, tagContext } from './iam-input.ts'
import { pageMarker, tagList } from './iam-shapes.ts'

const MAX_TAGS = 50

/** Throws when adding `added` would take a resource past 50 tags (quota named `quota`). */
export function checkTagQuota(
  existing: readonly TagRecord[],
  added: readonly TagRecord[],
  quota: string,
): void {
  const keys = new Set(existing.map((t) => t.key.toLowerCase()))
  for (const t of added) keys.add(t.key.toLowerCase())
  if (keys.size > MAX_TAGS) throw iamErrors.quota(quota, MAX_TAGS)
}

/**
 * The tag operations of one kind of entity by AWS name (IAM groups have no tags); a tag past the
 * 50th is refused with the quota `TagsPerUser` or `TagsPerRole`.
 *
 * @example
 * const ops = { ...entityTagOperations(deps, ROLE_KIND) } // TagRole, UntagRole, ListRoleTags
 */
export function entityTagOperations(
  deps: IamCoreDeps,
  kind: EntityKind,
): Record<string, Operation> {
  const { store } = deps
  const { noun, type } = kind
  return {
    [`Tag${noun}`]: operation({
      parse: (raw) => ({ ...readEntityName(kind, raw), tags: readTags(raw) }),
      authorization: (input, call) =>
        onEntityChange(deps, call, `Tag${noun}`, type, input.entityName, tagContext(input.tags)),
      async run(input, call) {
        await write(deps, call, async (tx) => {
          const entity = await kind.findToChange(tx, accountOf(call), input.entityName)
          checkTagQuota(await allTags(tx, entity.id), input.tags, `TagsPer${noun}`)
          await tx.tagResource(entity.id, input.tags)
        })
        return {}
      },
    }),

    [`Untag${noun}`]: operation({
      parse: (raw) => ({ ...readEntityName(kind, raw), keys: readTagKeys(raw) }),
      authorization: (input, call) =>
        onEntityChange(deps, call, `Untag${noun}`, type, input.entityName, {
          'aws:TagKeys': input.keys,
        }),
      async run(input, call) {
        await write(deps, call, async (tx) => {
          const entity = await kind.findToChange(tx, accountOf(call), input.entityName)
          await tx.untagResource(entity.id, input.keys)
        })
        return {}
      },
    }),

    [`List${noun}Tags`]: operation({
      parse: (raw) => readEntityPage(kind, raw),
      authorization: (input, call) =>
        onEntity(deps, call, `List${noun}Tags`, type, input.entityName),
      async run(input, call) {
        const entity = await kind.find(store, accountOf(call), input.entityName)
        const page = await paged(() => store.listTags(entity.id, input.page))
        return { Tags: tagList(page.items), ...pageMarker(page.nextToken) }
      },
    }),
  }
}
