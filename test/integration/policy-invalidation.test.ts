/**
 * Cached compiled policies follow what a write touches (issue 15): every kind of write that
 * changes a decision is enforced by the very next call, and a write in one account leaves
 * another account's compiled policies cached (seen in `/metrics`). Real server, real SDK v3,
 * on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  DetachPolicyCommand,
  ListRootsCommand,
  MoveAccountCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { clientsFor, type Clients } from './aws-clients.ts'
import { memberAccountSetup } from './identity-center-setup.ts'
import { serverSuite } from './server-suite.ts'

const doc = (effect: 'Allow' | 'Deny', action: string, principal?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: effect,
        Action: action,
        ...(principal === undefined ? { Resource: '*' } : { Principal: principal }),
      },
    ],
  })

/** One write and the decision the probe's next call must get. */
interface Case {
  readonly write: string
  readonly run: () => Promise<unknown>
  readonly then: 'allowed' | 'denied'
  /** The probe's call (ListUsers in the member account unless said). */
  readonly check?: () => Promise<unknown>
}

async function decision(call: () => Promise<unknown>): Promise<'allowed' | 'denied'> {
  try {
    await call()
    return 'allowed'
  } catch (e) {
    const name = (e as Error).name
    assert.ok(name === 'AccessDenied' || name === 'AccessDeniedException', `${name}`)
    return 'denied'
  }
}

/** The compiled-policy cache's hits and misses so far, from `/metrics`. */
async function compiledLookups(url: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const read = (result: string) => {
    const m = new RegExp(
      `^xaccess_cache_lookups_total\\{cache="compiled-policies",result="${result}"\\} (\\d+)`,
      'm',
    ).exec(text)
    return m === null ? 0 : Number(m[1])
  }
  return { hit: read('hit'), miss: read('miss') }
}

serverSuite('policy cache invalidation', (ctx) => {
  let admin: Clients
  let root: Clients
  let probe: Clients
  let member: string
  let rootId: string

  it('sets up a probe user in a member account', async () => {
    const setup = await memberAccountSetup(ctx.server())
    admin = setup.memberAdmin
    root = setup.root
    member = setup.member
    await admin.iam.send(new CreateUserCommand({ UserName: 'probe' }))
    // Lets the probe assume roles (the trust policy decides) and nothing else.
    await admin.iam.send(
      new PutUserPolicyCommand({
        UserName: 'probe',
        PolicyName: 'base',
        PolicyDocument: doc('Allow', 'sts:AssumeRole'),
      }),
    )
    const { AccessKey: k } = await admin.iam.send(new CreateAccessKeyCommand({ UserName: 'probe' }))
    probe = clientsFor(ctx.server().url, {
      accessKeyId: k!.AccessKeyId!,
      secretAccessKey: k!.SecretAccessKey!,
    })
    rootId = (await root.org.send(new ListRootsCommand({}))).Roots![0]!.Id!
  })

  it("a write in another account keeps the probe's compiled policies; its own drops them", async () => {
    const url = ctx.server().url
    const list = () => probe.iam.send(new ListUsersCommand({}))
    await decision(list)
    await decision(list)
    const before = await compiledLookups(url)
    // The management account's IAM changes: the member's compiled set stays.
    await root.iam.send(new CreateUserCommand({ UserName: 'elsewhere' }))
    const mid = await compiledLookups(url)
    await decision(list)
    const after = await compiledLookups(url)
    assert.equal(after.miss, mid.miss, 'no recompilation after a write in another account')
    assert.ok(after.hit > mid.hit, 'served from the cache')
    assert.ok(mid.miss >= before.miss)
    // The member account's IAM changes: the next call recompiles.
    await admin.iam.send(new CreateUserCommand({ UserName: 'here' }))
    const mid2 = await compiledLookups(url)
    await decision(list)
    assert.ok((await compiledLookups(url)).miss > mid2.miss, 'recompiled after a write here')
  })

  it('enforces every kind of write on the next call', async () => {
    const iam = admin.iam
    const list = () => probe.iam.send(new ListUsersCommand({}))
    const assume = () =>
      probe.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${member}:role/target`,
          RoleSessionName: 'probe',
        }),
      )
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }))
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'readers',
        PolicyName: 'list',
        PolicyDocument: doc('Allow', 'iam:ListUsers'),
      }),
    )
    const { Policy: lister } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'lister',
        PolicyDocument: doc('Allow', 'iam:GetUser'),
      }),
    )
    const { Policy: narrow } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'narrow',
        PolicyDocument: doc('Allow', 'iam:GetUser'),
      }),
    )
    const ListAccess = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess'
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'target',
        AssumeRolePolicyDocument: doc('Allow', 'sts:AssumeRole', { Service: 'ec2.amazonaws.com' }),
      }),
    )
    const { Policy: denyList } = await root.org.send(
      new CreateOrgPolicyCommand({
        Name: 'deny-list',
        Description: 'test',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc('Deny', 'iam:ListUsers'),
      }),
    )
    const { OrganizationalUnit: ou } = await root.org.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'locked' }),
    )
    const { Policy: denyAll } = await root.org.send(
      new CreateOrgPolicyCommand({
        Name: 'deny-iam',
        Description: 'test',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc('Deny', 'iam:*'),
      }),
    )
    await root.org.send(
      new AttachPolicyCommand({ PolicyId: denyAll!.PolicySummary!.Id!, TargetId: ou!.Id! }),
    )
    const probeUser = { UserName: 'probe' }
    const cases: Case[] = [
      {
        write: 'AttachUserPolicy',
        run: () => iam.send(new AttachUserPolicyCommand({ ...probeUser, PolicyArn: ListAccess })),
        then: 'allowed',
      },
      {
        write: 'DetachUserPolicy',
        run: () => iam.send(new DetachUserPolicyCommand({ ...probeUser, PolicyArn: ListAccess })),
        then: 'denied',
      },
      {
        write: 'PutUserPolicy',
        run: () =>
          iam.send(
            new PutUserPolicyCommand({
              ...probeUser,
              PolicyName: 'inline',
              PolicyDocument: doc('Allow', 'iam:ListUsers'),
            }),
          ),
        then: 'allowed',
      },
      {
        write: 'DeleteUserPolicy',
        run: () => iam.send(new DeleteUserPolicyCommand({ ...probeUser, PolicyName: 'inline' })),
        then: 'denied',
      },
      {
        write: 'AddUserToGroup',
        run: () => iam.send(new AddUserToGroupCommand({ ...probeUser, GroupName: 'readers' })),
        then: 'allowed',
      },
      {
        write: 'RemoveUserFromGroup',
        run: () => iam.send(new RemoveUserFromGroupCommand({ ...probeUser, GroupName: 'readers' })),
        then: 'denied',
      },
      {
        write: 'CreatePolicyVersion (default) of an attached policy',
        run: async () => {
          await iam.send(new AttachUserPolicyCommand({ ...probeUser, PolicyArn: lister!.Arn! }))
          await iam.send(
            new CreatePolicyVersionCommand({
              PolicyArn: lister!.Arn!,
              PolicyDocument: doc('Allow', 'iam:ListUsers'),
              SetAsDefault: true,
            }),
          )
        },
        then: 'allowed',
      },
      {
        write: 'SetDefaultPolicyVersion',
        run: () =>
          iam.send(
            new SetDefaultPolicyVersionCommand({ PolicyArn: lister!.Arn!, VersionId: 'v1' }),
          ),
        then: 'denied',
      },
      {
        write: 'SetDefaultPolicyVersion back',
        run: () =>
          iam.send(
            new SetDefaultPolicyVersionCommand({ PolicyArn: lister!.Arn!, VersionId: 'v2' }),
          ),
        then: 'allowed',
      },
      {
        write: 'PutUserPermissionsBoundary',
        run: () =>
          iam.send(
            new PutUserPermissionsBoundaryCommand({
              ...probeUser,
              PermissionsBoundary: narrow!.Arn!,
            }),
          ),
        then: 'denied',
      },
      {
        write: 'DeleteUserPermissionsBoundary',
        run: () => iam.send(new DeleteUserPermissionsBoundaryCommand(probeUser)),
        then: 'allowed',
      },
      {
        write: 'AttachPolicy (SCP on the account)',
        run: () =>
          root.org.send(
            new AttachPolicyCommand({ PolicyId: denyList!.PolicySummary!.Id!, TargetId: member }),
          ),
        then: 'denied',
      },
      {
        write: 'UpdatePolicy (SCP content)',
        run: () =>
          root.org.send(
            new UpdatePolicyCommand({
              PolicyId: denyList!.PolicySummary!.Id!,
              Content: doc('Deny', 'iam:GetUser'),
            }),
          ),
        then: 'allowed',
      },
      {
        write: 'UpdatePolicy (SCP content back)',
        run: () =>
          root.org.send(
            new UpdatePolicyCommand({
              PolicyId: denyList!.PolicySummary!.Id!,
              Content: doc('Deny', 'iam:ListUsers'),
            }),
          ),
        then: 'denied',
      },
      {
        write: 'DetachPolicy (SCP on the account)',
        run: () =>
          root.org.send(
            new DetachPolicyCommand({ PolicyId: denyList!.PolicySummary!.Id!, TargetId: member }),
          ),
        then: 'allowed',
      },
      {
        write: 'MoveAccount into an OU whose SCP denies',
        run: () =>
          root.org.send(
            new MoveAccountCommand({
              AccountId: member,
              SourceParentId: rootId,
              DestinationParentId: ou!.Id!,
            }),
          ),
        then: 'denied',
      },
      {
        write: "DetachPolicy (the OU's SCP)",
        run: () =>
          root.org.send(
            new DetachPolicyCommand({ PolicyId: denyAll!.PolicySummary!.Id!, TargetId: ou!.Id! }),
          ),
        then: 'allowed',
      },
      {
        write: "AttachPolicy (the OU's SCP)",
        run: () =>
          root.org.send(
            new AttachPolicyCommand({ PolicyId: denyAll!.PolicySummary!.Id!, TargetId: ou!.Id! }),
          ),
        then: 'denied',
      },
      {
        write: 'MoveAccount back to the root',
        run: () =>
          root.org.send(
            new MoveAccountCommand({
              AccountId: member,
              SourceParentId: ou!.Id!,
              DestinationParentId: rootId,
            }),
          ),
        then: 'allowed',
      },
      {
        write: 'UpdateAssumeRolePolicy (trust the probe)',
        run: () =>
          iam.send(
            new UpdateAssumeRolePolicyCommand({
              RoleName: 'target',
              PolicyDocument: doc('Allow', 'sts:AssumeRole', {
                AWS: `arn:aws:iam::${member}:user/probe`,
              }),
            }),
          ),
        then: 'allowed',
        check: assume,
      },
      {
        write: 'UpdateAssumeRolePolicy (trust a service only)',
        run: () =>
          iam.send(
            new UpdateAssumeRolePolicyCommand({
              RoleName: 'target',
              PolicyDocument: doc('Allow', 'sts:AssumeRole', { Service: 'ec2.amazonaws.com' }),
            }),
          ),
        then: 'denied',
        check: assume,
      },
    ]
    let previous: 'allowed' | 'denied' = 'denied'
    for (const c of cases) {
      const check = c.check ?? list
      // The decision before the write, twice: compiled and cached.
      const warm: 'allowed' | 'denied' =
        c.check === undefined ? previous : c.then === 'allowed' ? 'denied' : 'allowed'
      assert.equal(await decision(check), warm, `before ${c.write}`)
      assert.equal(await decision(check), warm, `before ${c.write} (cached)`)
      await c.run()
      assert.equal(await decision(check), c.then, `right after ${c.write}`)
      if (c.check === undefined) previous = c.then
    }
  })
})
