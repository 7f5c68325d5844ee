/**
 * Test helpers: small snapshots written briefly. Accounts sit under the root unless given an OU;
 * SCPs and RCPs name their targets by id; `FullAWSAccess` is attached to the root when SCPs are on.
 */
import type {
  OrganizationSnapshot,
  SnapshotGroup,
  SnapshotManagedPolicy,
  SnapshotRole,
  SnapshotUser,
} from './snapshot.ts'

type Json = Record<string, unknown>

/** A policy document from statements. */
export const doc = (...statements: Json[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })

/** An Allow statement. */
export const allow = (
  action: string | string[],
  resource: string | string[] = '*',
  condition?: Json,
): Json => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition === undefined ? {} : { Condition: condition }),
})

/** A Deny statement. */
export const deny = (
  action: string | string[],
  resource: string | string[] = '*',
  condition?: Json,
): Json => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...(condition === undefined ? {} : { Condition: condition }),
})

/** A trust policy statement. */
export const trustStatement = (
  principal: Json | string,
  condition?: Json,
  action = 'sts:AssumeRole',
): Json => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  ...(condition === undefined ? {} : { Condition: condition }),
})

export const ADMIN = doc(allow('*'))
export const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'

/** Users, groups and roles written briefly. */
export interface AccountSpec {
  readonly id: string
  readonly name?: string
  readonly parentId?: string
  readonly users?: readonly (Partial<SnapshotUser> & { name: string })[]
  readonly groups?: readonly (Partial<SnapshotGroup> & { name: string })[]
  readonly roles?: readonly (Partial<SnapshotRole> & { name: string; trustPolicy: string })[]
}

export interface SnapshotSpec {
  readonly accounts: readonly AccountSpec[]
  readonly ous?: readonly { id: string; name: string; parentId: string }[]
  readonly scps?: readonly { name: string; document: string; targets: string[] }[]
  readonly rcps?: readonly { name: string; document: string; targets: string[] }[]
  readonly managed?: readonly SnapshotManagedPolicy[]
  readonly management?: string
  readonly identityCenter?: OrganizationSnapshot['identityCenter']
}

/** A customer managed policy with one or more versions (the first is the default). */
export function managedPolicy(
  account: string,
  name: string,
  ...documents: string[]
): SnapshotManagedPolicy {
  return {
    arn: `arn:aws:iam::${account}:policy/${name}`,
    name,
    accountId: account,
    defaultVersionId: 'v1',
    versions: documents.map((document, i) => ({ versionId: `v${i + 1}`, document })),
  }
}

/** Builds a snapshot in organization `o-test` with root `r-test`. */
export function buildSnapshot(spec: SnapshotSpec): OrganizationSnapshot {
  const management = spec.management ?? '000000000000'
  return {
    source: 'test',
    organization: {
      id: 'o-test',
      managementAccountId: management,
      rootId: 'r-test',
      scpEnabled: true,
      rcpEnabled: (spec.rcps ?? []).length > 0,
    },
    organizationalUnits: spec.ous ?? [],
    accounts: spec.accounts.map((a) => ({
      id: a.id,
      name: a.name ?? a.id,
      parentId: a.parentId ?? 'r-test',
      iam: {
        users: (a.users ?? []).map((u) => ({
          id: `AIDA${u.name.toUpperCase()}`,
          path: '/',
          arn: `arn:aws:iam::${a.id}:user/${u.name}`,
          inlinePolicies: [],
          attachedPolicies: [],
          groups: [],
          permissionsBoundary: undefined,
          tags: {},
          ...u,
        })),
        groups: (a.groups ?? []).map((g) => ({
          id: `AGPA${g.name.toUpperCase()}`,
          path: '/',
          arn: `arn:aws:iam::${a.id}:group/${g.name}`,
          inlinePolicies: [],
          attachedPolicies: [],
          ...g,
        })),
        roles: (a.roles ?? []).map((r) => ({
          id: `AROA${r.name.toUpperCase()}`,
          path: '/',
          arn: `arn:aws:iam::${a.id}:role/${r.name}`,
          inlinePolicies: [],
          attachedPolicies: [],
          permissionsBoundary: undefined,
          tags: {},
          ...r,
        })),
      },
    })),
    organizationPolicies: [
      {
        id: 'p-FullAWSAccess',
        name: 'FullAWSAccess',
        type: 'scp',
        document: ADMIN,
        targets: [
          'r-test',
          ...(spec.ous ?? []).map((o) => o.id),
          ...spec.accounts.map((a) => a.id),
        ],
      },
      ...((spec.rcps ?? []).length > 0
        ? [
            {
              id: 'p-RCPFullAWSAccess',
              name: 'RCPFullAWSAccess',
              type: 'rcp' as const,
              document: JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
              }),
              targets: [
                'r-test',
                ...(spec.ous ?? []).map((o) => o.id),
                ...spec.accounts.map((a) => a.id),
              ],
            },
          ]
        : []),
      ...(spec.scps ?? []).map((p, i) => ({ id: `p-scp${i}`, type: 'scp' as const, ...p })),
      ...(spec.rcps ?? []).map((p, i) => ({ id: `p-rcp${i}`, type: 'rcp' as const, ...p })),
    ],
    managedPolicies: [
      {
        arn: ADMIN_ARN,
        name: 'AdministratorAccess',
        accountId: 'aws',
        defaultVersionId: 'v1',
        versions: [{ versionId: 'v1', document: ADMIN }],
      },
      ...(spec.managed ?? []),
    ],
    identityCenter: spec.identityCenter,
  }
}
