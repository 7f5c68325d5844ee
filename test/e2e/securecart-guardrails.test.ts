/**
 * Guide 001, "Managing Access Across Multiple Accounts" (SecureCart): the organization's
 * guardrails through the real AWS CLI. SCPs block IAM user creation in workload accounts (never in
 * the management account) and limit Regions; privileged access to Prod (ProdAdmin) needs MFA: the
 * test registers a virtual MFA device for Security's alice and computes its codes (RFC 6238).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { awsCliSkipReason, credentialsFrom } from '../support/aws-cli.ts'
import { decodeBase32, totpAt, totpStep } from '../support/totp.ts'
import {
  assertAwsError,
  assumedRoleArn,
  notAuthorized,
  startSecureCart,
  type SecureCart,
} from './securecart-world.ts'

/** The Regions org.yaml's AllowedRegionsNorthAmericaEurope keeps. */
const NORTH_AMERICA_EUROPE = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
]

describe(
  'guide 001: SecureCart guardrails (SCPs, MFA)',
  { skip: awsCliSkipReason() ?? false },
  () => {
    let world: SecureCart
    let scratch: string

    before(async () => {
      world = await startSecureCart()
      scratch = mkdtempSync(join(tmpdir(), 'xaccess-e2e-'))
    })
    after(async () => {
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true })
      await world?.stop()
    })

    test('step 4: the SCPs are attached where the guide puts them', async () => {
      const { cli, root } = world
      const [policies, roots] = await Promise.all([
        cli.ok(root, ['organizations', 'list-policies', '--filter', 'SERVICE_CONTROL_POLICY']),
        cli.ok(root, ['organizations', 'list-roots']),
      ])
      const names = policies.json.Policies.map((p: { Name: string }) => p.Name).sort()
      assert.deepEqual(names, [
        'AllowedRegionsNorthAmericaEurope',
        'DenyIamUsersInWorkloads',
        'FullAWSAccess',
        'ProtectCloudTrail',
      ])
      const onRoot = await cli.ok(root, [
        'organizations',
        'list-policies-for-target',
        '--target-id',
        roots.json.Roots[0].Id,
        '--filter',
        'SERVICE_CONTROL_POLICY',
      ])
      assert.deepEqual(onRoot.json.Policies.map((p: { Name: string }) => p.Name).sort(), [
        'AllowedRegionsNorthAmericaEurope',
        'FullAWSAccess',
        'ProtectCloudTrail',
      ])
    })

    test('an SCP blocks iam:CreateUser in a workload account, even for its administrator', async () => {
      const dev = world.accounts.Dev
      const admin = await world.adminOf('Dev')
      // Signed for ap-southeast-2: IAM is global, so AWS evaluates the call in us-east-1.
      const r = await world.cli.run(admin, ['iam', 'create-user', '--user-name', 'shadow'], {
        region: 'ap-southeast-2',
      })
      assertAwsError(
        r,
        'AccessDenied',
        `${notAuthorized(assumedRoleArn(dev, 'OrganizationAccountAccessRole', 'e2e-admin'), 'iam:CreateUser', `arn:aws:iam::${dev}:user/shadow`)} with an explicit deny in a service control policy`,
      )
      // The same administrator may still do what the SCP does not deny, such as decoding why.
      const encoded = /Encoded authorization failure message: (\S+)/.exec(r.error!.message)
      assert.ok(encoded, 'the AccessDenied message carries an encoded authorization message')
      const decoded = await world.cli.ok(admin, [
        'sts',
        'decode-authorization-message',
        '--encoded-message',
        encoded[1]!,
      ])
      const message = JSON.parse(decoded.json.DecodedMessage)
      assert.equal(message.explicitDeny, true)
      assert.deepEqual(
        message.matchedStatements.items.map((m: { statementId: string }) => m.statementId),
        ['DenyIamUsersAndAccessKeys'],
      )
      const region = message.context.conditions.items.find(
        (c: { key: string }) => c.key === 'aws:RequestedRegion',
      )
      assert.deepEqual(region?.values.items, [{ value: 'us-east-1' }])
    })

    test('the same SCP does not apply to the management account, nor outside the workload OU', async () => {
      const [inManagement, inSecurity] = await Promise.all([
        world.cli.run(world.root, ['iam', 'create-user', '--user-name', 'finance-lead']),
        world
          .adminOf('Security')
          .then((admin) => world.cli.run(admin, ['iam', 'create-user', '--user-name', 'bob'])),
      ])
      assert.equal(inManagement.status, 0, inManagement.stderr)
      assert.equal(
        inManagement.json.User.Arn,
        `arn:aws:iam::${world.managementAccountId}:user/finance-lead`,
      )
      assert.equal(inSecurity.status, 0, inSecurity.stderr)
    })

    test('a region restriction: a workload role is denied in ap-southeast-2 and allowed in eu-west-1', async () => {
      // org.yaml's AllowedRegionsNorthAmericaEurope exempts global services (iam, sts, organizations
      // …) as AWS's example does, and those are the only services this server implements; so the
      // management account attaches the same Region condition to Dev for STS's regional AssumeRole.
      const { cli, root } = world
      const devAdmin = await world.adminOf('Dev')
      const target = world.roleArn('Staging', 'CrossAccountReadOnly')
      const assume = (region: string) =>
        cli.run(
          devAdmin,
          ['sts', 'assume-role', '--role-arn', target, '--role-session-name', region],
          {
            region,
          },
        )
      const before = await assume('ap-southeast-2')
      assert.equal(before.status, 0, `org.yaml's Region SCP exempts sts:*\n${before.stderr}`)
      const created = await cli.ok(root, [
        'organizations',
        'create-policy',
        '--type',
        'SERVICE_CONTROL_POLICY',
        '--name',
        'RegionalStsNorthAmericaEurope',
        '--description',
        'STS regional endpoints in North America and Europe only',
        '--content',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: 'sts:AssumeRole',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': NORTH_AMERICA_EUROPE } },
            },
          ],
        }),
      ])
      const policyId = created.json.Policy.PolicySummary.Id
      await cli.ok(root, [
        'organizations',
        'attach-policy',
        '--policy-id',
        policyId,
        '--target-id',
        world.accounts.Dev,
      ])
      const [sydney, ireland, who] = await Promise.all([
        assume('ap-southeast-2'),
        assume('eu-west-1'),
        cli.run(devAdmin, ['sts', 'get-caller-identity'], { region: 'ap-southeast-2' }),
      ])
      assertAwsError(
        sydney,
        'AccessDenied',
        `${notAuthorized(assumedRoleArn(world.accounts.Dev, 'OrganizationAccountAccessRole', 'e2e-admin'), 'sts:AssumeRole', target)} with an explicit deny in a service control policy`,
      )
      assert.equal(ireland.status, 0, ireland.stderr)
      // GetCallerIdentity needs no permission, so no SCP stops it, in any Region.
      assert.equal(who.status, 0, who.stderr)
    })

    test('MFA: ProdAdmin refuses alice without a code and accepts her with a valid TOTP code', async () => {
      const { cli } = world
      const security = world.accounts.Security
      const prodAdmin = world.roleArn('Prod', 'ProdAdmin')
      const admin = await world.adminOf('Security')
      // Security's administrator registers a virtual MFA device for alice and gives her a key.
      const seedFile = join(scratch, 'alice-seed.txt')
      const device = await cli.ok(admin, [
        'iam',
        'create-virtual-mfa-device',
        '--virtual-mfa-device-name',
        'alice',
        '--outfile',
        seedFile,
        '--bootstrap-method',
        'Base32StringSeed',
      ])
      const serial = device.json.VirtualMFADevice.SerialNumber as string
      assert.equal(serial, `arn:aws:iam::${security}:mfa/alice`)
      const seed = decodeBase32(readFileSync(seedFile, 'utf8'))
      // Two consecutive codes, the later one the current step's. The server accepts a code of
      // the current step ±1 and never a step at or before the last one used, so each later code
      // is the current step's, or the next one's when the current step is spent already.
      const step = totpStep()
      let lastUsed = step
      const nextCode = () => {
        lastUsed = Math.max(totpStep(), lastUsed + 1)
        return totpAt(seed, lastUsed)
      }
      await cli.ok(admin, [
        'iam',
        'enable-mfa-device',
        '--user-name',
        'alice',
        '--serial-number',
        serial,
        '--authentication-code1',
        totpAt(seed, step - 1),
        '--authentication-code2',
        totpAt(seed, step),
      ])
      const alice = credentialsFrom(
        (await cli.ok(admin, ['iam', 'create-access-key', '--user-name', 'alice'])).json.AccessKey,
      )
      const assume = (extra: readonly string[]) =>
        cli.run(alice, [
          'sts',
          'assume-role',
          '--role-arn',
          prodAdmin,
          '--role-session-name',
          'alice',
          ...extra,
        ])
      const aliceArn = `arn:aws:iam::${security}:user/alice`

      const withoutMfa = await assume([])
      assertAwsError(
        withoutMfa,
        'AccessDenied',
        notAuthorized(aliceArn, 'sts:AssumeRole', prodAdmin),
      )

      const now = totpStep()
      const valid = new Set([-1, 0, 1, 2].map((d) => totpAt(seed, now + d)))
      let wrong = '123456'
      while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0')
      const wrongCode = await assume(['--serial-number', serial, '--token-code', wrong])
      assertAwsError(
        wrongCode,
        'AccessDenied',
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      )

      const withMfa = await assume(['--serial-number', serial, '--token-code', nextCode()])
      assert.equal(withMfa.status, 0, withMfa.stderr)
      assert.equal(
        withMfa.json.AssumedRoleUser.Arn,
        assumedRoleArn(world.accounts.Prod, 'ProdAdmin', 'alice'),
      )

      // ProdAdmin administers Prod (AdministratorAccess), within the SCPs of the workload OU.
      const session = credentialsFrom(withMfa.json.Credentials)
      const [role, user] = await Promise.all([
        cli.run(session, [
          'iam',
          'update-role',
          '--role-name',
          'ThirdPartyAuditor',
          '--description',
          'Read-only access for the external auditor (reviewed)',
        ]),
        cli.run(session, ['iam', 'create-user', '--user-name', 'prod-shadow']),
      ])
      assert.equal(role.status, 0, role.stderr)
      assertAwsError(
        user,
        'AccessDenied',
        `${notAuthorized(assumedRoleArn(world.accounts.Prod, 'ProdAdmin', 'alice'), 'iam:CreateUser', `arn:aws:iam::${world.accounts.Prod}:user/prod-shadow`)} with an explicit deny in a service control policy`,
      )
    })
  },
)
