/**
 * Guide 004, "What is Cross-Account Access in IAM?": Account A (Dev) assumes a role in Account B
 * (Staging) whose trust policy names A's root, CrossAccountReadOnly with ReadOnlyAccess. Through
 * the real AWS CLI: reading works, writing does not, a session policy narrows the session further,
 * role chaining is held to one hour, and an expired or altered session token is refused.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { SealedBox } from '../../src/domain/common/sealed-box.ts'
import { SessionTokenCodec } from '../../src/domain/sts/session-token-codec.ts'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import {
  assertAwsError,
  assumedRoleArn,
  notAuthorized,
  startSecureCart,
  type SecureCart,
} from './securecart-world.ts'

const ONLY_GET_ROLE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }],
})

describe(
  'guide 004: cross-account basics, Dev reads Staging',
  { skip: awsCliSkipReason() ?? false },
  () => {
    let world: SecureCart
    let staging: string
    let roleArn: string
    // Account A's principal: Dev's administrator session (OrganizationAccountAccessRole).
    let devAdmin: AwsCredentials

    before(async () => {
      world = await startSecureCart()
      staging = world.accounts.Staging
      roleArn = world.roleArn('Staging', 'CrossAccountReadOnly')
      devAdmin = await world.adminOf('Dev')
    })
    after(async () => world?.stop())

    test("the trust policy is the guide's: Principal AWS arn:aws:iam::<Account A>:root", async () => {
      const r = await world.cli.ok(await world.adminOf('Staging'), [
        'iam',
        'get-role',
        '--role-name',
        'CrossAccountReadOnly',
      ])
      const trust = r.json.Role.AssumeRolePolicyDocument
      assert.deepEqual(trust.Statement[0].Principal, {
        AWS: `arn:aws:iam::${world.accounts.Dev}:root`,
      })
      assert.equal(trust.Statement[0].Action, 'sts:AssumeRole')
    })

    test('Account A assumes the role and reads Account B; writing is refused', async () => {
      const session = await world.assume(devAdmin, roleArn, 'dev-reader')
      const arn = assumedRoleArn(staging, 'CrossAccountReadOnly', 'dev-reader')
      const [who, roles, write] = await Promise.all([
        world.cli.ok(session, ['sts', 'get-caller-identity']),
        world.cli.ok(session, ['iam', 'list-roles']),
        world.cli.run(session, [
          'iam',
          'create-role',
          '--role-name',
          'Sneaky',
          '--assume-role-policy-document',
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
          }),
        ]),
      ])
      assert.equal(who.json.Arn, arn)
      assert.ok(
        roles.json.Roles.some((r: { RoleName: string }) => r.RoleName === 'CrossAccountReadOnly'),
      )
      assertAwsError(
        write,
        'AccessDenied',
        `${notAuthorized(arn, 'iam:CreateRole', `arn:aws:iam::${staging}:role/Sneaky`)} because no identity-based policy allows the iam:CreateRole action`,
      )
    })

    test('a session policy (--policy) narrows the session below the role', async () => {
      const session = await world.assume(devAdmin, roleArn, 'narrowed', ['--policy', ONLY_GET_ROLE])
      const arn = assumedRoleArn(staging, 'CrossAccountReadOnly', 'narrowed')
      const [got, listed] = await Promise.all([
        world.cli.ok(session, ['iam', 'get-role', '--role-name', 'CrossAccountReadOnly']),
        world.cli.run(session, ['iam', 'list-roles']),
      ])
      assert.equal(got.json.Role.Arn, roleArn)
      assertAwsError(
        listed,
        'AccessDenied',
        `${notAuthorized(arn, 'iam:ListRoles', `arn:aws:iam::${staging}:role/*`)} because no session policy allows the iam:ListRoles action`,
      )
    })

    test('role chaining is limited to one hour, whatever the role allows', async () => {
      const stagingAdmin = await world.adminOf('Staging')
      await world.cli.ok(stagingAdmin, [
        'iam',
        'update-role',
        '--role-name',
        'CrossAccountReadOnly',
        '--max-session-duration',
        '43200',
      ])
      // devAdmin is itself a role session: this AssumeRole is a chain.
      const [tooLong, hour] = await Promise.all([
        world.cli.run(devAdmin, [
          'sts',
          'assume-role',
          '--role-arn',
          roleArn,
          '--role-session-name',
          'chained',
          '--duration-seconds',
          '7200',
        ]),
        world.cli.run(devAdmin, [
          'sts',
          'assume-role',
          '--role-arn',
          roleArn,
          '--role-session-name',
          'chained',
          '--duration-seconds',
          '3600',
        ]),
      ])
      assertAwsError(
        tooLong,
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      )
      assert.equal(hour.status, 0, hour.stderr)
    })

    test('a tampered session token is refused with InvalidClientTokenId', async () => {
      const token = devAdmin.sessionToken!
      const i = Math.floor(token.length / 2)
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1)
      const r = await world.cli.run({ ...devAdmin, sessionToken: flipped }, [
        'sts',
        'get-caller-identity',
      ])
      assertAwsError(
        r,
        'InvalidClientTokenId',
        'The security token included in the request is invalid',
      )
    })

    test('an expired session token is refused with ExpiredToken', async () => {
      // The server's clock cannot be moved from outside, so the expired session is minted here with
      // the server's own master key (DIR/master.key) and STS's codec: the very claims of devAdmin's
      // session, issued two hours ago for 15 minutes. The CLI then signs with it like any other.
      const box = new SealedBox(
        Buffer.from(
          readFileSync(join(world.server.dataDir, 'master.key'), 'utf8').trim(),
          'base64',
        ),
      )
      const codec = new SessionTokenCodec(box)
      const opened = codec.open(devAdmin.sessionToken!, new Date())
      assert.ok(opened.ok, 'the live session token opens with the master key')
      const stale = codec.issue(opened.envelope.claims, {
        now: new Date(Date.now() - 2 * 3600_000),
        durationSeconds: 900,
      })
      const fresh = await world.cli.ok(devAdmin, ['sts', 'get-caller-identity'])
      assert.equal(
        fresh.json.Arn,
        assumedRoleArn(world.accounts.Dev, 'OrganizationAccountAccessRole', 'e2e-admin'),
      )
      const r = await world.cli.run(
        {
          accessKeyId: stale.accessKeyId,
          secretAccessKey: stale.secretAccessKey,
          sessionToken: stale.sessionToken,
        },
        ['sts', 'get-caller-identity'],
      )
      assertAwsError(r, 'ExpiredToken', 'The security token included in the request is expired')
    })
  },
)
