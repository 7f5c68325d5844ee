/**
 * External access to S3 buckets, as Access Analyzer reports it: for each bucket of the zone of
 * trust with a bucket policy, the principals its Allow statements name that stand outside the
 * zone (another account, or everyone) and the actions the engine lets them take, with the request
 * keys that access needs. Each decision is the engine's (the bucket policy as the resource
 * policy, the bucket account's RCPs); the outside principal's own side is allowed, as AWS assumes.
 * With Block Public Access's RestrictPublicBuckets in force (bucket or account) a public policy
 * grants nothing to principals outside the bucket's account, so it yields no finding.
 */
import type { Evaluator } from '../../../analysis/index.ts'
import { parsePolicy } from '../../../policy/index.ts'
import {
  effectiveBlock,
  isPublicPolicy,
  type PublicAccessBlock,
  type S3Store,
} from '../../s3/index.ts'
import {
  accountOf,
  ANYONE,
  confinedToZone,
  outsider,
  PRINCIPAL_KEYS,
  shownAws,
  showCondition,
  type RoleExternalAccess,
  type ZoneOfTrust,
} from './external-access.ts'

/** A bucket as the analysis needs it. */
export interface AnalyzableBucket {
  readonly name: string
  readonly accountId: string
  /** The bucket policy's JSON, when it has one. */
  readonly policy: string | undefined
  readonly publicAccessBlock: PublicAccessBlock | undefined
  readonly accountPublicAccessBlock: PublicAccessBlock | undefined
  readonly tags?: Readonly<Record<string, string>>
}

/** The buckets of some accounts, read from the S3 store. */
export async function analyzableBuckets(
  store: S3Store,
  accountIds: readonly string[],
): Promise<AnalyzableBucket[]> {
  const out: AnalyzableBucket[] = []
  for (const accountId of accountIds) {
    const buckets = await store.listBuckets(accountId)
    if (buckets.length === 0) continue
    const accountPublicAccessBlock = await store.getAccountPublicAccessBlock(accountId)
    for (const b of buckets)
      out.push({
        name: b.name,
        accountId,
        policy: b.policy ?? undefined,
        publicAccessBlock: b.publicAccessBlock ?? undefined,
        accountPublicAccessBlock,
        tags: b.tags ?? {},
      })
  }
  return out
}

/** A request resource standing for a policy's resource pattern (`*` and `?` filled in). */
const concrete = (pattern: string): string => pattern.replace(/\*/g, 'key').replace(/\?/g, 'k')

/** The external accesses to one bucket of the zone. */
export function bucketAccesses(
  evaluator: Evaluator,
  bucket: AnalyzableBucket,
  zone: ZoneOfTrust,
  accounts: ReadonlySet<string>,
): RoleExternalAccess[] {
  if (bucket.policy === undefined) return []
  const block = effectiveBlock(bucket.publicAccessBlock, bucket.accountPublicAccessBlock)
  if (block.RestrictPublicBuckets && isPublicPolicy(bucket.policy)) return []
  const policy = parsePolicy(bucket.policy, 'resource').policy
  if (policy === undefined) return []
  const arn = `arn:aws:s3:::${bucket.name}`
  const document = { name: `bucket policy of ${bucket.name}`, document: bucket.policy }
  // One finding per principal: the actions allowed, and the keys the first of them needs.
  const found = new Map<string, { access: RoleExternalAccess; actions: Set<string> }>()
  const decide = (
    principalArn: string,
    account: string | undefined,
    principal: Record<string, string>,
    wildcard: boolean,
    actions: readonly string[],
    resources: readonly string[],
  ) => {
    const actor = outsider(principalArn, account)
    for (const action of actions) {
      for (const resource of resources) {
        const outcome = evaluator.decide(actor, {
          action,
          resource,
          resourceAccount: bucket.accountId,
          resourcePolicy: document,
          resourceTags: bucket.tags ?? {},
        })
        if (!outcome.allowed) continue
        if (confinedToZone(outcome.conditions, zone, accounts)) continue
        const key = JSON.stringify(principal)
        const restricted = Object.keys(outcome.conditions).some((k) =>
          PRINCIPAL_KEYS.has(k.toLowerCase()),
        )
        const seen = found.get(key)
        if (seen === undefined)
          found.set(key, {
            access: {
              resource: arn,
              resourceOwnerAccount: bucket.accountId,
              principal,
              action: [],
              condition: showCondition(outcome.conditions),
              isPublic: wildcard && !restricted,
            },
            actions: new Set([action]),
          })
        else seen.actions.add(action)
        break
      }
    }
  }
  for (const st of policy.statements) {
    if (st.effect !== 'Allow' || st.principal === undefined) continue
    const actions = st.action?.kind === 'Action' ? st.action.values : []
    if (actions.length === 0) continue
    const resources =
      st.resource?.kind === 'Resource'
        ? st.resource.values
            .filter((r) => r === '*' || r.startsWith(arn))
            .map((r) => (r === '*' ? `${arn}/key` : concrete(r)))
        : [arn, `${arn}/key`]
    if (resources.length === 0) continue
    const p = st.principal
    if (p.kind === 'NotPrincipal' || p.wildcard) {
      decide(ANYONE, undefined, { AWS: '*' }, true, actions, resources)
      continue
    }
    for (const value of p.aws) {
      const account = accountOf(value)
      if (account !== undefined && accounts.has(account)) continue
      const principalArn = /^\d{12}$/.test(value) ? `arn:aws:iam::${value}:root` : value
      decide(principalArn, account, { AWS: shownAws(value, account) }, false, actions, resources)
    }
  }
  return [...found.values()].map(({ access, actions }) => ({
    ...access,
    action: [...actions].sort(),
  }))
}
