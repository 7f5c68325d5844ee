/**
 * Guide 002, "How to Enable AWS Cross-Account Access Using an IAM Role": the Infra account's
 * deployer assumes InfraAssumeRole in Dev, through the real AWS CLI. Steps 1 and 3 (the role
 * trusting Infra, the deployers' AssumeInfraRoleInDev policy) come from org.yaml; the test plays
 * Infra's administrator to give the deployer an access key, then replays step 5 and step 6.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { awsCliSkipReason, credentialsFrom, type AwsCredentials } from '../support/aws-cli.ts'
import {
  assertAwsError,
  assumedRoleArn,
  notAuthorized,
  startSecureCart,
  type SecureCart,
} from './securecart-world.ts'

const ASSUME_ANY_ROLE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
})

describe('guide 002: Infra assumes a role in Dev', { skip: awsCliSkipReason() ?? false }, () => {
  let world: SecureCart
  let infra: string
  let dev: string
  let deployer: AwsCredentials
  let intern: AwsCredentials
  let ops: AwsCredentials

  before(async () => {
    world = await startSecureCart()
    infra = world.accounts.Infra
    dev = world.accounts.Dev
    const admin = await world.adminOf('Infra')
    const { cli } = world
    // Infra's administrator: a key for the deployer, and two more users to compare it with.
    const key = async (user: string) =>
      credentialsFrom(
        (await cli.ok(admin, ['iam', 'create-access-key', '--user-name', user])).json.AccessKey,
      )
    await Promise.all([
      cli.ok(admin, ['iam', 'create-user', '--user-name', 'intern']),
      cli.ok(admin, ['iam', 'create-user', '--user-name', 'ops']),
    ])
    await cli.ok(admin, [
      'iam',
      'put-user-policy',
      '--user-name',
      'ops',
      '--policy-name',
      'AssumeAnyRole',
      '--policy-document',
      ASSUME_ANY_ROLE,
    ])
    ;[deployer, intern, ops] = await Promise.all([key('deployer'), key('intern'), key('ops')])
  })
  after(async () => world?.stop())

  test('the deployer signs in as arn:aws:iam::INFRA:user/ci/deployer', async () => {
    const r = await world.cli.ok(deployer, ['sts', 'get-caller-identity'])
    assert.equal(r.json.Arn, `arn:aws:iam::${infra}:user/ci/deployer`)
    assert.equal(r.json.Account, infra)
    assert.match(r.json.UserId, /^AIDA[A-Z0-9]+$/)
  })

  test('step 5: aws sts assume-role gives temporary credentials for InfraAssumeRole', async () => {
    const started = Date.now()
    const r = await world.cli.ok(deployer, [
      'sts',
      'assume-role',
      '--role-arn',
      world.roleArn('Dev', 'InfraAssumeRole'),
      '--role-session-name',
      'InfraToDevSession',
    ])
    const { Credentials: c, AssumedRoleUser: u } = r.json
    assert.match(c.AccessKeyId, /^ASIA/)
    assert.ok(c.SecretAccessKey.length >= 40 && c.SessionToken.length > 0)
    const expiresIn = Date.parse(c.Expiration) - started
    assert.ok(Math.abs(expiresIn - 3600_000) < 60_000, `expires in ${expiresIn} ms, not 1 h`)
    assert.equal(u.Arn, assumedRoleArn(dev, 'InfraAssumeRole', 'InfraToDevSession'))
    assert.match(u.AssumedRoleId, /^AROA[A-Z0-9]+:InfraToDevSession$/)

    // Step 6: the temporary credentials act in Dev, as the role, with only the role's permissions.
    const session = credentialsFrom(c)
    const who = await world.cli.ok(session, ['sts', 'get-caller-identity'])
    assert.equal(who.json.Arn, u.Arn)
    assert.equal(who.json.Account, dev)
    const denied = await world.cli.run(session, ['iam', 'list-roles'])
    assertAwsError(
      denied,
      'AccessDenied',
      `${notAuthorized(u.Arn, 'iam:ListRoles', `arn:aws:iam::${dev}:role/*`)} because no identity-based policy allows the iam:ListRoles action`,
    )
  })

  test('a user without sts:AssumeRole on the role is refused (caller side)', async () => {
    const r = await world.cli.run(intern, [
      'sts',
      'assume-role',
      '--role-arn',
      world.roleArn('Dev', 'InfraAssumeRole'),
      '--role-session-name',
      'intern',
    ])
    assertAwsError(
      r,
      'AccessDenied',
      notAuthorized(
        `arn:aws:iam::${infra}:user/intern`,
        'sts:AssumeRole',
        world.roleArn('Dev', 'InfraAssumeRole'),
      ),
    )
  })

  test('a role trusted only by another account refuses Infra, even to a user allowed sts:AssumeRole on *', async () => {
    // ops may assume any role: InfraAssumeRole trusts Infra, so it works...
    await world.assume(ops, world.roleArn('Dev', 'InfraAssumeRole'), 'ops')
    // ...but Staging's CrossAccountReadOnly trusts only Dev's root.
    const staging = world.roleArn('Staging', 'CrossAccountReadOnly')
    const r = await world.cli.run(ops, [
      'sts',
      'assume-role',
      '--role-arn',
      staging,
      '--role-session-name',
      'ops',
    ])
    assertAwsError(
      r,
      'AccessDenied',
      notAuthorized(`arn:aws:iam::${infra}:user/ops`, 'sts:AssumeRole', staging),
    )
  })

  test('the permissions boundary caps the deployer whatever is attached to it', async () => {
    const admin = await world.adminOf('Infra')
    await world.cli.ok(admin, [
      'iam',
      'attach-user-policy',
      '--user-name',
      'deployer',
      '--policy-arn',
      'arn:aws:iam::aws:policy/IAMFullAccess',
    ])
    const user = await world.cli.ok(admin, ['iam', 'get-user', '--user-name', 'deployer'])
    assert.equal(
      user.json.User.PermissionsBoundary?.PermissionsBoundaryArn,
      `arn:aws:iam::${infra}:policy/DeployerBoundary`,
    )
    // iam:List* is inside DeployerBoundary: IAMFullAccess now allows it.
    const listed = await world.cli.ok(deployer, ['iam', 'list-users', '--path-prefix', '/ci/'])
    assert.deepEqual(
      listed.json.Users.map((u: { UserName: string }) => u.UserName),
      ['deployer'],
    )
    // iam:CreateUser is not: IAMFullAccess allows it, the boundary does not.
    const created = await world.cli.run(deployer, ['iam', 'create-user', '--user-name', 'backdoor'])
    assertAwsError(
      created,
      'AccessDenied',
      `${notAuthorized(`arn:aws:iam::${infra}:user/ci/deployer`, 'iam:CreateUser', `arn:aws:iam::${infra}:user/backdoor`)} because no permissions boundary allows the iam:CreateUser action`,
    )
    // Infra's administrator decodes the encoded authorization message the denial carries.
    const encoded = /Encoded authorization failure message: (\S+)/.exec(created.error!.message)
    assert.ok(encoded, 'the AccessDenied message carries an encoded authorization message')
    const decoded = await world.cli.ok(admin, [
      'sts',
      'decode-authorization-message',
      '--encoded-message',
      encoded[1]!,
    ])
    const message = JSON.parse(decoded.json.DecodedMessage)
    assert.equal(message.allowed, false)
    assert.equal(message.explicitDeny, false)
    assert.equal(message.context.principal.arn, `arn:aws:iam::${infra}:user/ci/deployer`)
    assert.equal(message.context.action, 'iam:CreateUser')
    assert.equal(message.context.resource, `arn:aws:iam::${infra}:user/backdoor`)
    // The same managed policy on a user without a boundary does create users.
    await world.cli.ok(admin, [
      'iam',
      'attach-user-policy',
      '--user-name',
      'ops',
      '--policy-arn',
      'arn:aws:iam::aws:policy/IAMFullAccess',
    ])
    const made = await world.cli.ok(ops, ['iam', 'create-user', '--user-name', 'made-by-ops'])
    assert.equal(made.json.User.Arn, `arn:aws:iam::${infra}:user/made-by-ops`)
  })
})
