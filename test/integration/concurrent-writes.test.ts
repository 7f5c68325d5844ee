/**
 * Concurrent writers on one PostgreSQL (issue 15): three nodes, the real AWS SDK v3, many calls in
 * flight at once. Under READ COMMITTED two assignments of one permission set to one account used
 * to race to create its `AWSReservedSSO_*` role, and the loser answered HTTP 500
 * (`StoreError: already exists: role.name`). Every call must succeed, and each (permission set,
 * account) must end with exactly one role. On one node the audit trail's chain lock serialises
 * write calls, so the race needs several nodes (or several writers) to show.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { CreateUserCommand } from '@aws-sdk/client-identitystore'
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  AttachManagedPolicyToPermissionSetCommand,
} from '@aws-sdk/client-sso-admin'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'
import { clientsFor, createMemberAccount, type Clients } from './aws-clients.ts'

/** Status and name of every failed call among `settled`. */
function failures(settled: PromiseSettledResult<unknown>[]): string[] {
  return settled.flatMap((s) => {
    if (s.status === 'fulfilled') return []
    const e = s.reason as {
      name?: string
      message?: string
      $metadata?: { httpStatusCode?: number }
    }
    return [`${e.$metadata?.httpStatusCode} ${e.name}: ${e.message}`]
  })
}

describe('concurrent writers on three nodes of one PostgreSQL', async () => {
  const reachable = (await postgresUnreachable()) === undefined
  if (!reachable && process.env.CI === 'true') {
    it('needs PostgreSQL under CI', () =>
      assert.fail(`PostgreSQL is not reachable at ${redactedPostgresUrl}`))
    return
  }
  const skip = reachable ? false : 'PostgreSQL is not reachable (set XACCESS_TEST_POSTGRES_URL)'
  let drop: (() => Promise<void>) | undefined
  const nodes: ServerProcess[] = []
  let clients: Clients[] = []
  let instanceArn = ''
  let storeId = ''
  const accounts: string[] = []

  before(async () => {
    if (skip !== false) return
    const created = await createPostgresDatabase('xaccess_cw')
    drop = created.drop
    const env = { XACCESS_MASTER_KEY: randomBytes(32).toString('base64') }
    const first = await startServerProcess({ database: created.url, env, timeoutMs: 60_000 })
    nodes.push(first)
    for (let i = 0; i < 2; i++) {
      nodes.push(
        await startServerProcess({
          database: created.url,
          env,
          bootstrapFrom: first.dataDir,
          timeoutMs: 60_000,
        }),
      )
    }
    clients = nodes.map((n) => clientsFor(n.url, first.bootstrap))
    const root = clients[0]!
    for (let i = 0; i < 3; i++) {
      accounts.push(await createMemberAccount(root.org, `Race${i}`, `race${i}@example.com`))
    }
    const { Instances } = await root.ssoAdmin.send(new ListInstancesCommand({}))
    instanceArn = Instances![0]!.InstanceArn!
    storeId = Instances![0]!.IdentityStoreId!
  })

  after(async () => {
    for (const n of nodes) await n.stop()
    await drop?.()
  })

  it(
    'CreateAccountAssignment of one permission set to one account, many at once: no 500, one role',
    { skip, timeout: 300_000 },
    async () => {
      const root = clients[0]!
      const permissionSets: string[] = []
      for (let p = 0; p < 4; p++) {
        const { PermissionSet } = await root.ssoAdmin.send(
          new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: `Race${p}` }),
        )
        permissionSets.push(PermissionSet!.PermissionSetArn!)
        await root.ssoAdmin.send(
          new AttachManagedPolicyToPermissionSetCommand({
            InstanceArn: instanceArn,
            PermissionSetArn: PermissionSet!.PermissionSetArn!,
            ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          }),
        )
      }
      const users: string[] = []
      for (let u = 0; u < 6; u++) {
        const { UserId } = await root.identitystore.send(
          new CreateUserCommand({
            IdentityStoreId: storeId,
            UserName: `racer${u}`,
            DisplayName: `Racer ${u}`,
            Name: { GivenName: 'Racer', FamilyName: `${u}` },
          }),
        )
        users.push(UserId!)
      }
      const assignment = (ps: string, account: string, user: string) => ({
        InstanceArn: instanceArn,
        PermissionSetArn: ps,
        TargetType: 'AWS_ACCOUNT' as const,
        TargetId: account,
        PrincipalType: 'USER' as const,
        PrincipalId: user,
      })
      /** The AWSReservedSSO_* roles of each account. */
      const reservedRoles = async () => {
        const found: string[][] = []
        for (const account of accounts) {
          const admin = await memberAdmin(root, account, nodes[0]!.url)
          const { Roles } = await admin.iam.send(
            new ListRolesCommand({ PathPrefix: '/aws-reserved/sso.amazonaws.com/' }),
          )
          found.push(Roles!.map((r) => r.RoleName!))
        }
        return found
      }
      // Rounds: create everything at once, delete everything at once (the last deletion of a pair
      // removes its role, whichever node it reached), and again.
      const rounds = ['create', 'delete', 'create', 'delete', 'create', 'delete', 'create'] as const
      for (const [r, round] of rounds.entries()) {
        const calls: Promise<unknown>[] = []
        let n = 0
        for (const ps of permissionSets) {
          for (const account of accounts) {
            for (const user of users) {
              const node = clients[n++ % clients.length]!
              const input = assignment(ps, account, user)
              calls.push(
                node.ssoAdmin.send(
                  round === 'delete'
                    ? new DeleteAccountAssignmentCommand(input)
                    : new CreateAccountAssignmentCommand(input),
                ),
              )
            }
          }
        }
        const settled = await Promise.allSettled(calls)
        assert.deepEqual(failures(settled), [], `${round}: every call succeeds`)
        for (const s of settled) {
          const out = (s as PromiseFulfilledResult<Record<string, { Status?: string }>>).value
          const status =
            out.AccountAssignmentCreationStatus?.Status ??
            out.AccountAssignmentDeletionStatus?.Status
          assert.notEqual(status, 'FAILED', `${round}: ${JSON.stringify(out)}`)
        }
        if (round === 'delete') {
          assert.deepEqual(
            await reservedRoles(),
            accounts.map(() => []),
            `round ${r}: no role left`,
          )
        }
      }
      for (const ps of permissionSets) {
        for (const account of accounts) {
          const { AccountAssignments } = await root.ssoAdmin.send(
            new ListAccountAssignmentsCommand({
              InstanceArn: instanceArn,
              AccountId: account,
              PermissionSetArn: ps,
            }),
          )
          assert.equal(AccountAssignments!.length, users.length)
        }
      }
      // Exactly one AWSReservedSSO_* role per permission set in each account, with its policy.
      const roles = await reservedRoles()
      for (const [i, account] of accounts.entries()) {
        const admin = await memberAdmin(root, account, nodes[0]!.url)
        assert.equal(roles[i]!.length, permissionSets.length, account)
        for (const roleName of roles[i]!) {
          const { AttachedPolicies } = await admin.iam.send(
            new ListAttachedRolePoliciesCommand({ RoleName: roleName }),
          )
          assert.deepEqual(
            AttachedPolicies!.map((p) => p.PolicyArn),
            ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          )
        }
      }
    },
  )

  it(
    'IAM writes to one role from every node at once: no 500; a second CreateRole is EntityAlreadyExists',
    { skip, timeout: 120_000 },
    async () => {
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: nodes[0]!.bootstrap.accountId },
            Action: 'sts:AssumeRole',
          },
        ],
      })
      const settledCreate = await Promise.allSettled(
        clients.flatMap((c) =>
          [0, 1, 2].map(() =>
            c.iam.send(
              new CreateRoleCommand({ RoleName: 'contended', AssumeRolePolicyDocument: trust }),
            ),
          ),
        ),
      )
      const created = settledCreate.filter((s) => s.status === 'fulfilled').length
      assert.equal(created, 1)
      for (const f of failures(settledCreate)) {
        assert.match(
          f,
          /^409 EntityAlreadyExists(Exception)?: Role with name contended already exists\.$/,
        )
      }
      const settled = await Promise.allSettled(
        clients.flatMap((c, i) => [
          c.iam.send(
            new AttachRolePolicyCommand({
              RoleName: 'contended',
              PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
            }),
          ),
          c.iam.send(
            new PutRolePolicyCommand({
              RoleName: 'contended',
              PolicyName: 'inline',
              PolicyDocument: JSON.stringify({
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` },
                ],
              }),
            }),
          ),
        ]),
      )
      assert.deepEqual(failures(settled), [])
      const { AttachedPolicies } = await clients[1]!.iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: 'contended' }),
      )
      assert.equal(AttachedPolicies!.length, 1)
    },
  )
})

/** An OrganizationAccountAccessRole session in `account`, through an admin IAM user. */
async function memberAdmin(root: Clients, account: string, endpoint: string): Promise<Clients> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts')
  const {
    AttachUserPolicyCommand,
    CreateAccessKeyCommand,
    CreateUserCommand: CreateIamUser,
    GetUserCommand,
  } = await import('@aws-sdk/client-iam')
  const exists = await root.iam.send(new GetUserCommand({ UserName: 'race-admin' })).then(
    () => true,
    () => false,
  )
  if (!exists) {
    await root.iam.send(new CreateIamUser({ UserName: 'race-admin' }))
    await root.iam.send(
      new AttachUserPolicyCommand({
        UserName: 'race-admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
  }
  adminKey ??= (await root.iam.send(new CreateAccessKeyCommand({ UserName: 'race-admin' })))
    .AccessKey!
  const admin = clientsFor(endpoint, {
    accessKeyId: adminKey.AccessKeyId!,
    secretAccessKey: adminKey.SecretAccessKey!,
  })
  const { Credentials: c } = await admin.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'race',
    }),
  )
  return clientsFor(endpoint, {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  })
}
let adminKey: { AccessKeyId?: string | undefined; SecretAccessKey?: string | undefined } | undefined
