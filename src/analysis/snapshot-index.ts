/**
 * Lookups over a snapshot, built once: accounts and their organization paths, the SCP and RCP
 * levels from the root down to each account, managed policy documents, and each user's and
 * role's policies as the engine takes them (`{name, document}`).
 */
import type { PolicyInput } from '../policy/index.ts'
import type {
  OrganizationSnapshot,
  SnapshotAccount,
  SnapshotEntity,
  SnapshotGroup,
  SnapshotManagedPolicy,
  SnapshotRole,
  SnapshotUser,
} from './snapshot.ts'

/** A user or role with its account. */
export type IamPrincipalRef =
  | { readonly kind: 'user'; readonly account: SnapshotAccount; readonly user: SnapshotUser }
  | { readonly kind: 'role'; readonly account: SnapshotAccount; readonly role: SnapshotRole }

/** A named document as the engine takes it. */
export interface NamedDocument {
  readonly name: string
  readonly document: string
}

/** The organization policies that bind one account. */
export interface AccountOrgPolicies {
  readonly orgPath: string | undefined
  readonly scp: readonly (readonly NamedDocument[])[] | undefined
  readonly rcp: readonly (readonly NamedDocument[])[] | undefined
  /**
   * Names the RCP levels: two accounts with the same key have the same RCPs (so a policy set
   * without a resource policy compiles the same for either).
   */
  readonly rcpKey: string
}

/** Derived lookups over one snapshot. */
export class SnapshotIndex {
  readonly snapshot: OrganizationSnapshot
  readonly accounts = new Map<string, SnapshotAccount>()
  readonly managed = new Map<string, SnapshotManagedPolicy>()
  readonly principals = new Map<string, IamPrincipalRef>()
  /** Lower-cased ARN → principal, for lookups as people type them. */
  readonly #lowerPrincipals = new Map<string, IamPrincipalRef>()
  readonly #groups = new Map<string, SnapshotGroup>()
  readonly #orgPolicies = new Map<string, AccountOrgPolicies>()
  readonly #parents = new Map<string, string>()

  constructor(snapshot: OrganizationSnapshot) {
    this.snapshot = snapshot
    for (const p of snapshot.managedPolicies) this.managed.set(p.arn, p)
    for (const ou of snapshot.organizationalUnits) this.#parents.set(ou.id, ou.parentId)
    for (const account of snapshot.accounts) {
      this.accounts.set(account.id, account)
      for (const g of account.iam.groups) this.#groups.set(`${account.id}/${g.name}`, g)
      for (const user of account.iam.users) this.#add({ kind: 'user', account, user }, user.arn)
      for (const role of account.iam.roles) this.#add({ kind: 'role', account, role }, role.arn)
    }
  }

  #add(ref: IamPrincipalRef, arn: string): void {
    this.principals.set(arn, ref)
    this.#lowerPrincipals.set(arn.toLowerCase(), ref)
  }

  /** A user or role by ARN (exact, else case-insensitively). */
  principal(arn: string): IamPrincipalRef | undefined {
    return this.principals.get(arn) ?? this.#lowerPrincipals.get(arn.toLowerCase())
  }

  /** Whether an account is one of the snapshot's. */
  isKnownAccount(accountId: string): boolean {
    return this.accounts.has(accountId)
  }

  /** The management account, if the snapshot has an organization. */
  get managementAccountId(): string | undefined {
    return this.snapshot.organization?.managementAccountId
  }

  /** A group of an account by name. */
  group(accountId: string, name: string): SnapshotGroup | undefined {
    return this.#groups.get(`${accountId}/${name}`)
  }

  /** The default version's document of a managed policy. */
  managedDocument(arn: string): NamedDocument | undefined {
    const p = this.managed.get(arn)
    if (p === undefined) return undefined
    const v = p.versions.find((x) => x.versionId === p.defaultVersionId) ?? p.versions[0]
    return v === undefined ? undefined : { name: p.name, document: v.document }
  }

  /** An entity's own policies: inline, then attached. */
  entityPolicies(entity: SnapshotEntity): NamedDocument[] {
    const out: NamedDocument[] = entity.inlinePolicies.map((p) => ({
      name: p.name,
      document: p.document,
    }))
    for (const arn of entity.attachedPolicies) {
      const doc = this.managedDocument(arn)
      if (doc !== undefined) out.push(doc)
    }
    return out
  }

  /** A user's identity policies: its own, then its groups'. */
  userPolicies(accountId: string, user: SnapshotUser): NamedDocument[] {
    const out = this.entityPolicies(user)
    for (const name of user.groups) {
      const g = this.group(accountId, name)
      if (g !== undefined) out.push(...this.entityPolicies(g))
    }
    return out
  }

  /** The identity policies and boundary of a user or role. */
  identityOf(ref: IamPrincipalRef): { identity: NamedDocument[]; boundary: NamedDocument[] } {
    const entity = ref.kind === 'user' ? ref.user : ref.role
    const identity =
      ref.kind === 'user'
        ? this.userPolicies(ref.account.id, ref.user)
        : this.entityPolicies(ref.role)
    const b = entity.permissionsBoundary
    const doc = b === undefined ? undefined : this.managedDocument(b)
    return { identity, boundary: doc === undefined ? [] : [doc] }
  }

  /** The chain of node ids from the root down to the account's parent. */
  chain(accountId: string): string[] {
    const account = this.accounts.get(accountId)
    const out: string[] = []
    for (let at = account?.parentId; at !== undefined; at = this.#parents.get(at)) {
      out.unshift(at)
      if (out.length > 10) break
    }
    return out
  }

  /** The SCP and RCP levels, root first, account last, and the `aws:PrincipalOrgPaths` path. */
  orgPolicies(accountId: string): AccountOrgPolicies {
    const hit = this.#orgPolicies.get(accountId)
    if (hit !== undefined) return hit
    const org = this.snapshot.organization
    let value: AccountOrgPolicies
    if (org === undefined || !this.accounts.has(accountId)) {
      value = { orgPath: undefined, scp: undefined, rcp: undefined, rcpKey: '-' }
    } else {
      const chain = this.chain(accountId)
      const levels = [...chain, accountId]
      const at = (type: 'scp' | 'rcp') =>
        levels.map((target) =>
          this.snapshot.organizationPolicies
            .filter((p) => p.type === type && p.targets.includes(target))
            .map((p) => ({ name: p.name, document: p.document })),
        )
      const rcpKey = org.rcpEnabled
        ? levels
            .map((target) =>
              this.snapshot.organizationPolicies
                .filter((p) => p.type === 'rcp' && p.targets.includes(target))
                .map((p) => p.id)
                .join(','),
            )
            .join('|')
        : '-'
      value = {
        rcpKey,
        orgPath: `${org.id}/${chain.join('/')}/`,
        scp: org.scpEnabled ? at('scp') : undefined,
        rcp: org.rcpEnabled ? at('rcp') : undefined,
      }
    }
    this.#orgPolicies.set(accountId, value)
    return value
  }

  /** Every account's users and roles. */
  *iamPrincipals(): Iterable<IamPrincipalRef> {
    yield* this.principals.values()
  }
}

/** The engine's input for a list of named documents (kept as given). */
export const asInputs = (docs: readonly NamedDocument[]): PolicyInput[] => [...docs]
