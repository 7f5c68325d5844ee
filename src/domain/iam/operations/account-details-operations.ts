/** GetAccountAuthorizationDetails: every user, group, role and policy of the account, at once. */
import { iamErrors } from '../errors.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { awsManagedPolicies } from '../aws-managed-policies.ts'
import { nameFromArn } from '../iam-arns.ts'
import type { EntityRef } from '../iam-records.ts'
import { allTags, readAllPages } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf } from './iam-helpers.ts'
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
  /** The opaque Marker of an offset into the details. */
  const offsetMarker = (offset: number) => Buffer.from(`details:${offset}`).toString('base64url')
  const markerOffset = (marker: string, total: number): number => {
    const m = /^details:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'))
    const offset = m === null ? NaN : Number(m[1])
    if (!Number.isInteger(offset) || offset > total) throw iamErrors.invalidMarker()
    return offset
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
        // The four lists are read first (one paged listing each); only the entries of the
        // requested page are then detailed (policies, groups, tags, versions), so a page costs
        // its own entries and not the whole account's.
        type Detail = () => Promise<object>
        const users: Detail[] = []
        if (filter.has('User')) {
          for (const u of await readAllPages((p) => store.listUsers(accountId, {}, p))) {
            users.push(async () => {
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
            })
          }
        }
        const groups: Detail[] = []
        if (filter.has('Group')) {
          for (const g of await readAllPages((p) => store.listGroups(accountId, {}, p))) {
            groups.push(async () => {
              const ref = { type: 'group', id: g.id } as const
              return {
                ...groupShape(g),
                GroupPolicyList: await inline(ref),
                AttachedManagedPolicies: await attached(ref),
              }
            })
          }
        }
        const roles: Detail[] = []
        if (filter.has('Role')) {
          for (const r of await readAllPages((p) => store.listRoles(accountId, {}, p))) {
            roles.push(async () => {
              const ref = { type: 'role', id: r.id } as const
              return {
                ...roleShape(r, 'get', []),
                InstanceProfileList: await instanceProfilesOfRole(deps, r.id),
                RolePolicyList: await inline(ref),
                AttachedManagedPolicies: await attached(ref),
                Tags: tagList(await allTags(store, r.id)),
              }
            })
          }
        }
        const policies: Detail[] = []
        if (filter.has('AWSManagedPolicy')) {
          const used = new Set(await store.listAttachedPolicyArnsInAccount(accountId))
          for (const p of awsManagedPolicies().filter((a) => used.has(a.arn))) {
            policies.push(async () => {
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
            })
          }
        }
        if (filter.has('LocalManagedPolicy')) {
          for (const p of await readAllPages((pg) =>
            store.listManagedPolicies(accountId, {}, pg),
          )) {
            policies.push(async () => {
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
            })
          }
        }
        // One page over the four lists taken in order, the Marker holding the offset reached.
        const total = users.length + groups.length + roles.length + policies.length
        const start = page.nextToken === undefined ? 0 : markerOffset(page.nextToken, total)
        const end = Math.min(total, start + (page.maxResults ?? 100))
        let at = 0
        const slice = async (items: Detail[]): Promise<object[]> => {
          const from = Math.max(0, start - at)
          const to = Math.max(0, end - at)
          at += items.length
          const out: object[] = []
          for (const detail of items.slice(from, to)) out.push(await detail())
          return out
        }
        return {
          UserDetailList: await slice(users),
          GroupDetailList: await slice(groups),
          RoleDetailList: await slice(roles),
          Policies: await slice(policies),
          IsTruncated: end < total,
          ...(end < total ? { Marker: offsetMarker(end) } : {}),
        }
      },
    }),
  }
}
