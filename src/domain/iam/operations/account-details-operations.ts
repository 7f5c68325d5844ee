/**
 * GetAccountAuthorizationDetails: every user, group, role and policy of the account, page by
 * page (keyset: the Marker names the kind and the store's position in it).
 */
import { iamErrors } from '../errors.ts'
import { operation, type Operation } from '../../common/operation.ts'
import type { Page, PageRequest } from '../../common/page.ts'
import { awsManagedPolicies } from '../aws-managed-policies.ts'
import { nameFromArn } from '../iam-arns.ts'
import type { EntityRef } from '../iam-records.ts'
import { allTags, readAllPages } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, paged } from './iam-helpers.ts'
import { InputReader, readPaging } from './iam-input.ts'
import { instanceProfilesOfRole } from './instance-profile-operations.ts'
import {
  awsPolicyShape,
  encodeDocument,
  groupShape,
  policyShape,
  roleShape,
  tagList,
  userShape,
} from './iam-shapes.ts'

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const

/** The kinds in the order the details list them (AWS managed policies before local ones). */
const KINDS = ['User', 'Group', 'Role', 'AWSManagedPolicy', 'LocalManagedPolicy'] as const
type Kind = (typeof KINDS)[number]

/** One entry, detailed when its page is answered. */
type Detail = () => Promise<object>

/** Reads up to `limit` entries of one kind after `after`; `next` is where a next page starts. */
type KindReader = (
  after: string | undefined,
  limit: number,
) => Promise<{ readonly items: Detail[]; readonly next: string | undefined }>

/** Where a page starts: a kind (index into KINDS) and the position within it. */
interface Position {
  readonly kind: number
  readonly after: string | undefined
}

const START: Position = { kind: 0, after: undefined }

/** Entries detailed at once (each holds one pooled connection at a time). */
const DETAIL_CONCURRENCY = 4
const MARKER_VERSION = 'details-v2'

/** The opaque Marker of a position. */
function encodeMarker(position: Position): string {
  return Buffer.from(
    JSON.stringify([MARKER_VERSION, KINDS[position.kind], position.after ?? null]),
  ).toString('base64url')
}

/** The position of a Marker this operation issued; AWS's error for anything else. */
function decodeMarker(marker: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 3 && value[0] === MARKER_VERSION) {
      const kind = KINDS.indexOf(value[1] as Kind)
      const after: unknown = value[2]
      if (kind >= 0 && (after === null || (typeof after === 'string' && after !== ''))) {
        return { kind, after: after ?? undefined }
      }
    }
  } catch {
    // not JSON: refused below
  }
  throw iamErrors.invalidMarker()
}

/** The GetAccountAuthorizationDetails operation. */
export function accountDetailsOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps
  const inline = async (entity: EntityRef) =>
    (await store.listInlinePolicies(entity)).map((p) => ({
      PolicyName: p.name,
      PolicyDocument: encodeDocument(p.document),
    }))
  const attached = async (entity: EntityRef) =>
    (await readAllPages((page) => store.listAttachedPolicyArns(entity, page))).map((arn) => ({
      PolicyName: nameFromArn(arn),
      PolicyArn: arn,
    }))
  /** One page of a kind's entries after `after` (each detailed on demand), and where it stopped. */
  const kindReaders = (accountId: string): Record<Kind, KindReader> => {
    const fromStore =
      <T>(list: (page: PageRequest) => Promise<Page<T>>, detail: (item: T) => Detail) =>
      async (after: string | undefined, limit: number) => {
        const read = await paged(() =>
          list({ maxResults: limit, ...(after === undefined ? {} : { nextToken: after }) }),
        )
        return { items: read.items.map(detail), next: read.nextToken }
      }
    return {
      User: fromStore(
        (p) => store.listUsers(accountId, {}, p),
        (u) => async () => {
          const ref = { type: 'user', id: u.id } as const
          const policies = await inline(ref)
          const groups = await readAllPages((p) => store.listGroupsForUser(u.id, p))
          return {
            ...userShape(u, []),
            ...(policies.length === 0 ? {} : { UserPolicyList: policies }),
            GroupList: groups.map((g) => g.name),
            AttachedManagedPolicies: await attached(ref),
            Tags: tagList(await allTags(store, u.id)),
          }
        },
      ),
      Group: fromStore(
        (p) => store.listGroups(accountId, {}, p),
        (g) => async () => {
          const ref = { type: 'group', id: g.id } as const
          return {
            ...groupShape(g),
            GroupPolicyList: await inline(ref),
            AttachedManagedPolicies: await attached(ref),
          }
        },
      ),
      Role: fromStore(
        (p) => store.listRoles(accountId, {}, p),
        (r) => async () => {
          const ref = { type: 'role', id: r.id } as const
          return {
            ...roleShape(r, 'get', []),
            InstanceProfileList: await instanceProfilesOfRole(deps, r.id),
            RolePolicyList: await inline(ref),
            AttachedManagedPolicies: await attached(ref),
            Tags: tagList(await allTags(store, r.id)),
          }
        },
      ),
      // The AWS managed policies the account uses, in the catalog's order; the position is an
      // index into that list.
      AWSManagedPolicy: async (after, limit) => {
        const used = new Set(await store.listAttachedPolicyArnsInAccount(accountId))
        const list = awsManagedPolicies().filter((a) => used.has(a.arn))
        const start = after === undefined ? 0 : Number(after)
        if (!Number.isSafeInteger(start) || start < 0) throw iamErrors.invalidMarker()
        const end = start + limit
        return {
          items: list.slice(start, end).map((p) => async () => {
            const counts = {
              attachments: await store.countAttachments(accountId, p.arn),
              boundaryUses: await store.countBoundaryUses(accountId, p.arn),
            }
            return {
              ...awsPolicyShape(p, counts),
              PolicyVersionList: p.versions.map((v) => ({
                Document: encodeDocument(v.document),
                VersionId: v.versionId,
                IsDefaultVersion: v.versionId === p.defaultVersionId,
                CreateDate: new Date(v.createdAt),
              })),
            }
          }),
          next: end < list.length ? String(end) : undefined,
        }
      },
      LocalManagedPolicy: fromStore(
        (pg) => store.listManagedPolicies(accountId, {}, pg),
        (p) => async () => {
          const versions = await store.listPolicyVersions(p.arn)
          return {
            ...policyShape(p),
            PolicyVersionList: versions.map((v) => ({
              Document: encodeDocument(v.document),
              VersionId: v.versionId,
              IsDefaultVersion: v.isDefault,
              CreateDate: new Date(v.createdAt),
            })),
          }
        },
      ),
    }
  }

  return {
    GetAccountAuthorizationDetails: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const filter = r.strings('Filter')
        for (const f of filter) {
          if (!(FILTERS as readonly string[]).includes(f)) {
            r.fail('Filter', f, `Member must satisfy enum value set: [${FILTERS.join(', ')}]`)
          }
        }
        const page = readPaging(r)
        r.done()
        return { filter: new Set(filter.length === 0 ? FILTERS : filter), page }
      },
      authorization: () => ({ action: 'iam:GetAccountAuthorizationDetails', resource: '*' }),
      async run({ filter, page }, call) {
        const accountId = accountOf(call)
        // Keyset paging over the five kinds in order: each page reads from where the Marker
        // stopped (a kind, and the store's position within it), at most MaxItems entries, and
        // details only those; so a page costs its own entries, whatever the account's size.
        const readers = kindReaders(accountId)
        const maxItems = page.maxResults ?? 100
        const from = page.nextToken === undefined ? START : decodeMarker(page.nextToken)
        const lists: Record<Kind, Detail[]> = {
          User: [],
          Group: [],
          Role: [],
          AWSManagedPolicy: [],
          LocalManagedPolicy: [],
        }
        let remaining = maxItems
        let next: Position | undefined
        for (let kind = from.kind; kind < KINDS.length && next === undefined; kind++) {
          const name = KINDS[kind]!
          if (!filter.has(name)) continue
          const after = kind === from.kind ? from.after : undefined
          if (remaining === 0) {
            // The page is full: a Marker only if something is left.
            const peek = await readers[name](after, 1)
            if (peek.items.length > 0) next = { kind, after }
            continue
          }
          const read = await readers[name](after, remaining)
          lists[name].push(...read.items)
          remaining -= read.items.length
          if (read.next !== undefined) next = { kind, after: read.next }
        }
        // A few entries are detailed at once: on PostgreSQL their reads overlap on the pool
        // (each entry is a handful of round trips); on SQLite they interleave. Order is kept.
        const detail = async (items: Detail[]): Promise<object[]> => {
          const out: object[] = new Array<object>(items.length)
          let next = 0
          const worker = async () => {
            for (let i = next++; i < items.length; i = next++) out[i] = await items[i]!()
          }
          await Promise.all(Array.from({ length: DETAIL_CONCURRENCY }, worker))
          return out
        }
        return {
          UserDetailList: await detail(lists.User),
          GroupDetailList: await detail(lists.Group),
          RoleDetailList: await detail(lists.Role),
          Policies: await detail([...lists.AWSManagedPolicy, ...lists.LocalManagedPolicy]),
          IsTruncated: next !== undefined,
          ...(next === undefined ? {} : { Marker: encodeMarker(next) }),
        }
      },
    }),
  }
}
