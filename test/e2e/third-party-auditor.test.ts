/**
 * Guide 003, "Setting Up Cross-Account Role Access": a third-party auditor with their own AWS
 * account gets read-only access to Prod through ThirdPartyAuditor, whose trust policy requires
 * the agreed ExternalId. The guide's steps, through the real AWS CLI: the auditor's account
 * (created here in the organization; the auditor's own IAM user in it), the role trusting only the
 * account named in org.yaml until Prod's administrator updates the trust policy with the ARN the
 * audit team provides, then the audit team's test: without the ExternalId, with a wrong one, with
 * the right one; reading works and writing does not.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { awsCliSkipReason, credentialsFrom, type AwsCredentials } from '../support/aws-cli.ts'
import {
  assertAwsError,
  assumedRoleArn,
  notAuthorized,
  startSecureCart,
  type SecureCart,
} from './securecart-world.ts'

const EXTERNAL_ID = 'SecureCart-Audit-2024'

describe(
  'guide 003: a third-party auditor with an ExternalId',
  { skip: awsCliSkipReason() ?? false },
  () => {
    let world: SecureCart
    let prod: string
    let roleArn: string
    let auditorAccount: string
    let auditorArn: string
    let auditor: AwsCredentials

    const assumeAuditRole = (extra: readonly string[]) =>
      world.cli.run(auditor, [
        'sts',
        'assume-role',
        '--role-arn',
        roleArn,
        '--role-session-name',
        'audit-2024',
        ...extra,
      ])

    before(async () => {
      world = await startSecureCart()
      prod = world.accounts.Prod
      roleArn = world.roleArn('Prod', 'ThirdPartyAuditor')
      const { cli, root } = world
      // The audit team's own account, and in it their IAM user allowed to assume our role.
      const created = await cli.ok(root, [
        'organizations',
        'create-account',
        '--account-name',
        'Audit Partner',
        '--email',
        'aws@audit-partner.example',
      ])
      let status = created.json.CreateAccountStatus
      for (let i = 0; status.State === 'IN_PROGRESS' && i < 20; i++) {
        await sleep(100)
        status = (
          await cli.ok(root, [
            'organizations',
            'describe-create-account-status',
            '--create-account-request-id',
            status.Id,
          ])
        ).json.CreateAccountStatus
      }
      assert.equal(status.State, 'SUCCEEDED', JSON.stringify(status))
      auditorAccount = status.AccountId
      auditorArn = `arn:aws:iam::${auditorAccount}:user/auditor`
      const admin = await world.adminOf(auditorAccount)
      await cli.ok(admin, ['iam', 'create-user', '--user-name', 'auditor'])
      await cli.ok(admin, [
        'iam',
        'put-user-policy',
        '--user-name',
        'auditor',
        '--policy-name',
        'AssumeSecureCartAudit',
        '--policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }],
        }),
      ])
      const key = await cli.ok(admin, ['iam', 'create-access-key', '--user-name', 'auditor'])
      auditor = credentialsFrom(key.json.AccessKey)
    })
    after(async () => world?.stop())

    test('until the trust policy names the audit team, the role trusts only account 999999999999', async () => {
      const prodAdmin = await world.adminOf('Prod')
      const role = await world.cli.ok(prodAdmin, [
        'iam',
        'get-role',
        '--role-name',
        'ThirdPartyAuditor',
      ])
      const [statement] = role.json.Role.AssumeRolePolicyDocument.Statement
      assert.deepEqual(statement.Principal, { AWS: 'arn:aws:iam::999999999999:root' })
      assert.deepEqual(statement.Condition, { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } })
      const r = await assumeAuditRole(['--external-id', EXTERNAL_ID])
      assertAwsError(r, 'AccessDenied', notAuthorized(auditorArn, 'sts:AssumeRole', roleArn))
    })

    test("step 2: Prod's administrator trusts the ARN the audit team provides, with the ExternalId", async () => {
      const prodAdmin = await world.adminOf('Prod')
      await world.cli.ok(prodAdmin, [
        'iam',
        'update-assume-role-policy',
        '--role-name',
        'ThirdPartyAuditor',
        '--policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: auditorArn },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
            },
          ],
        }),
      ])
    })

    test('without --external-id the auditor is refused', async () => {
      const r = await assumeAuditRole([])
      assertAwsError(r, 'AccessDenied', notAuthorized(auditorArn, 'sts:AssumeRole', roleArn))
    })

    test('with a wrong --external-id the auditor is refused', async () => {
      const r = await assumeAuditRole(['--external-id', 'SecureCart-Audit-2023'])
      assertAwsError(r, 'AccessDenied', notAuthorized(auditorArn, 'sts:AssumeRole', roleArn))
    })

    test('step 4: with the agreed ExternalId the auditor reads Prod and cannot write', async () => {
      const r = await assumeAuditRole(['--external-id', EXTERNAL_ID])
      assert.equal(r.status, 0, r.stderr)
      const arn = assumedRoleArn(prod, 'ThirdPartyAuditor', 'audit-2024')
      assert.equal(r.json.AssumedRoleUser.Arn, arn)
      const session = credentialsFrom(r.json.Credentials)
      const [who, roles, policies, write] = await Promise.all([
        world.cli.ok(session, ['sts', 'get-caller-identity']),
        world.cli.ok(session, ['iam', 'list-roles']),
        world.cli.ok(session, ['iam', 'list-attached-role-policies', '--role-name', 'ProdAdmin']),
        world.cli.run(session, [
          'iam',
          'attach-role-policy',
          '--role-name',
          'ThirdPartyAuditor',
          '--policy-arn',
          'arn:aws:iam::aws:policy/AdministratorAccess',
        ]),
      ])
      assert.equal(who.json.Arn, arn)
      assert.equal(who.json.Account, prod)
      // Prod's roles as the auditor reads them: the file's, and the one Identity Center provisions
      // for the Admins group's read-only assignment (AWSReservedSSO_ReadOnlyAccess_<hash>).
      const names = roles.json.Roles.map((x: { RoleName: string }) => x.RoleName).sort()
      assert.match(names[0], /^AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}$/)
      assert.deepEqual(names.slice(1), [
        'OrganizationAccountAccessRole',
        'PipelineDeploy',
        'ProdAdmin',
        'ThirdPartyAuditor',
      ])
      assert.deepEqual(policies.json.AttachedPolicies, [
        {
          PolicyName: 'AdministratorAccess',
          PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        },
      ])
      assertAwsError(
        write,
        'AccessDenied',
        `${notAuthorized(arn, 'iam:AttachRolePolicy', roleArn)} because no identity-based policy allows the iam:AttachRolePolicy action`,
      )
    })
  },
)
