/**
 * A generated organization file of any size, for round-trip tests and benchmarks: a Tools
 * account, member accounts spread over team OUs under Workloads, SCPs on the root and on
 * Workloads, an RCP, and in every member account `rolesPerAccount` roles (trusted by Tools,
 * some with an ExternalId or a boundary, tags, an AWS managed policy, every third one an inline
 * policy), a customer managed boundary policy, and in every tenth account a group with a user.
 * Deterministic: the same sizes give the same text.
 */
import { stringify } from 'yaml'

/** How big. */
export interface GeneratedSize {
  /** Member accounts besides Tools. */
  readonly accounts: number
  readonly rolesPerAccount: number
  /** Accounts per team OU (default 50). */
  readonly accountsPerOu?: number
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** The organization file's text. */
export function generateOrganizationFile(size: GeneratedSize): string {
  const perOu = size.accountsPerOu ?? 50
  const teams = Math.max(1, Math.ceil(size.accounts / perOu))
  // Names and OUs depend on the account's number only, so a smaller file is a subset of a larger.
  const width = Math.max(4, String(size.accounts).length)
  const accounts: Record<string, unknown>[] = [
    {
      name: 'Tools',
      email: 'tools@generated.example',
      ou: 'Shared',
      groups: [{ name: 'deployers', managedPolicies: ['ReadOnlyAccess'] }],
      users: [{ name: 'ci', groups: ['deployers'], tags: { purpose: 'ci' } }],
    },
  ]
  for (let i = 1; i <= size.accounts; i++) {
    const name = `acct-${pad(i, width)}`
    const team = `team-${pad(Math.ceil(i / perOu), 3)}`
    const roles = []
    for (let r = 1; r <= size.rolesPerAccount; r++) {
      const role: Record<string, unknown> = {
        name: `app-${pad(r, 3)}`,
        description: `Role ${r} of ${name}`,
        trust:
          r % 5 === 0
            ? { principals: ['999999999999'], externalId: `ext-${name}-${r}` }
            : { accounts: ['Tools'] },
        managedPolicies: [r % 2 === 0 ? 'ReadOnlyAccess' : 'AmazonS3ReadOnlyAccess'],
        tags: { team, tier: r % 3 === 0 ? 'data' : 'app' },
      }
      if (r % 4 === 0) role.permissionsBoundary = 'WorkloadBoundary'
      if (r % 3 === 0)
        role.inlinePolicies = [
          {
            name: 'ReadOwnBucket',
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['s3:GetObject', 's3:ListBucket'],
                  Resource: [`arn:aws:s3:::${name}-data`, `arn:aws:s3:::${name}-data/*`],
                },
              ],
            },
          },
        ]
      if (r % 7 === 0) role.maxSessionDuration = 7200
      roles.push(role)
    }
    const account: Record<string, unknown> = {
      name,
      email: `${name}@generated.example`,
      ou: `Workloads/${team}`,
      policies: [
        {
          name: 'WorkloadBoundary',
          description: 'The most a workload role may do',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'logs:*'], Resource: '*' }],
          },
        },
      ],
      roles,
    }
    if (i % 10 === 0) {
      account.groups = [
        {
          name: 'operators',
          inlinePolicies: [
            {
              name: 'DescribeAll',
              document: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }],
              },
            },
          ],
        },
      ]
      account.users = [{ name: `operator-${pad(i, width)}`, groups: ['operators'] }]
    }
    accounts.push(account)
  }
  const file = {
    organization: {
      managementAccount: { name: 'Generated', email: 'management@generated.example' },
    },
    organizationalUnits: [
      { name: 'Shared' },
      {
        name: 'Workloads',
        children: Array.from({ length: teams }, (_, t) => ({ name: `team-${pad(t + 1, 3)}` })),
      },
    ],
    accounts,
    serviceControlPolicies: [
      {
        name: 'DenyLeaveOrganization',
        description: 'Accounts stay in the organization',
        targets: { root: true },
        content: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
        },
      },
      {
        name: 'DenyIamUsersInWorkloads',
        description: 'Workloads use roles',
        targets: { ous: ['Workloads'] },
        content: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: '*' }],
        },
      },
    ],
    resourceControlPolicies: [
      {
        name: 'SecureTransport',
        description: 'TLS only',
        targets: { ous: ['Workloads'] },
        content: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: '*',
              Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    ],
  }
  return stringify(file, { lineWidth: 0, version: '1.1' })
}
