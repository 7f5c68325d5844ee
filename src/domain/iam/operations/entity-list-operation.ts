/** List{Users,Groups,Roles}: an account's entities, optionally under a path prefix. */
import { operation, type Operation } from '../../common/operation.ts'
import type { Page, PageRequest } from '../../common/page.ts'
import { iamArn } from '../iam-arns.ts'
import type { PathFilter } from '../iam-store.ts'
import type { EntityKind } from './entity-kinds.ts'
import { accountOf, paged } from './iam-helpers.ts'
import { InputReader, readPaging, readPathPrefix } from './iam-input.ts'
import { pageMarker } from './iam-shapes.ts'

/** Reads one page of an account's entities of one kind. */
export type EntityLister<R> = (
  accountId: string,
  filter: PathFilter,
  page: PageRequest,
) => Promise<Page<R>>

/**
 * The list operation of one kind of entity by AWS name, answering `{Users|Groups|Roles: [...]}`
 * with each entity in `shape`; authorized on the kind's wildcard ARN.
 *
 * @example
 * entityListOperation(GROUP_KIND, (a, f, p) => store.listGroups(a, f, p), groupShape)
 */
export function entityListOperation<R>(
  kind: EntityKind,
  list: EntityLister<R>,
  shape: (entity: R) => object,
): Record<string, Operation> {
  const action = `List${kind.noun}s`
  return {
    [action]: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        r.done()
        return { pathPrefix, page }
      },
      authorization: (_input, call) => ({
        action: `iam:${action}`,
        resource: iamArn(accountOf(call), kind.type, '/', '*'),
      }),
      async run(input, call) {
        const filter = input.pathPrefix === undefined ? {} : { pathPrefix: input.pathPrefix }
        const page = await paged(() => list(accountOf(call), filter, input.page))
        return {
          [`${kind.noun}s`]: page.items.map((entity) => shape(entity)),
          ...pageMarker(page.nextToken),
        }
      },
    }),
  }
}
