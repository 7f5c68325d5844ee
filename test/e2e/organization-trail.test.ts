/**
 * The SecureCart organization trail through the real AWS CLI (/usr/bin/aws): the management
 * account creates an organization trail and starts it; a workload account's administrator
 * (OrganizationAccountAccessRole, AdministratorAccess) sees it and cannot stop or delete it. The
 * SCP ProtectCloudTrail (attached to the root) is what denies it first, with AccessDeniedException;
 * it also protects the account's own trails. Without the SCP, the organization trail still refuses
 * a member account (NotOrganizationMasterAccountException), as AWS does.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { awsCliSkipReason } from '../support/aws-cli.ts'
import {
  assertAwsError,
  assumedRoleArn,
  notAuthorized,
  startSecureCart,
  type SecureCart,
} from './securecart-world.ts'

describe(
  'SecureCart organization trail through the AWS CLI',
  { skip: awsCliSkipReason() ?? false },
  () => {
    let world: SecureCart
    let trailArn: string

    before(async () => {
      world = await startSecureCart()
      const created = await world.cli.ok(world.root, [
        'cloudtrail',
        'create-trail',
        '--name',
        'securecart-org-trail',
        '--s3-bucket-name',
        'securecart-log-archive',
        '--is-organization-trail',
        '--is-multi-region-trail',
        '--enable-log-file-validation',
      ])
      trailArn = created.json.TrailARN
      assert.equal(created.json.IsOrganizationTrail, true)
      await world.cli.ok(world.root, ['cloudtrail', 'start-logging', '--name', trailArn])
    })
    after(async () => {
      await world?.stop()
    })

    const devAdminArn = () =>
      assumedRoleArn(world.accounts.Dev, 'OrganizationAccountAccessRole', 'e2e-admin')

    test('a workload account sees the organization trail, logging', async () => {
      const admin = await world.adminOf('Dev')
      const described = await world.cli.ok(admin, ['cloudtrail', 'describe-trails'])
      const trail = described.json.trailList.find(
        (t: { TrailARN: string }) => t.TrailARN === trailArn,
      )
      assert.ok(trail, 'the organization trail is listed in the member account')
      assert.equal(trail.IsOrganizationTrail, true)
      assert.equal(trail.LogFileValidationEnabled, true)
      const status = await world.cli.ok(admin, [
        'cloudtrail',
        'get-trail-status',
        '--name',
        trailArn,
      ])
      assert.equal(status.json.IsLogging, true)
    })

    test('ProtectCloudTrail denies the workload administrator stop-logging and delete-trail', async () => {
      const admin = await world.adminOf('Dev')
      for (const [command, action] of [
        ['stop-logging', 'cloudtrail:StopLogging'],
        ['delete-trail', 'cloudtrail:DeleteTrail'],
      ] as const) {
        const r = await world.cli.run(admin, ['cloudtrail', command, '--name', trailArn])
        assertAwsError(
          r,
          'AccessDeniedException',
          `${notAuthorized(devAdminArn(), action, trailArn)} with an explicit deny in a service control policy`,
        )
      }
      const r = await world.cli.run(admin, [
        'cloudtrail',
        'update-trail',
        '--name',
        trailArn,
        '--s3-key-prefix',
        'elsewhere',
      ])
      assertAwsError(r, 'AccessDeniedException', /explicit deny in a service control policy/)
      const status = await world.cli.ok(world.root, [
        'cloudtrail',
        'get-trail-status',
        '--name',
        trailArn,
      ])
      assert.equal(status.json.IsLogging, true, 'the organization trail still logs')
    })

    test('the SCP protects the account’s own trails too; the management account is exempt', async () => {
      const admin = await world.adminOf('Prod')
      const own = await world.cli.ok(admin, [
        'cloudtrail',
        'create-trail',
        '--name',
        'prod-trail',
        '--s3-bucket-name',
        'prod-logs',
      ])
      await world.cli.ok(admin, ['cloudtrail', 'start-logging', '--name', 'prod-trail'])
      const r = await world.cli.run(admin, ['cloudtrail', 'stop-logging', '--name', 'prod-trail'])
      assertAwsError(
        r,
        'AccessDeniedException',
        `${notAuthorized(
          assumedRoleArn(world.accounts.Prod, 'OrganizationAccountAccessRole', 'e2e-admin'),
          'cloudtrail:StopLogging',
          own.json.TrailARN,
        )} with an explicit deny in a service control policy`,
      )
      // SCPs never apply to the management account.
      await world.cli.ok(world.root, ['cloudtrail', 'stop-logging', '--name', trailArn])
      await world.cli.ok(world.root, ['cloudtrail', 'start-logging', '--name', trailArn])
    })

    test('without the SCP, a member account still cannot stop the organization trail', async () => {
      const { cli, root } = world
      const policies = await cli.ok(root, [
        'organizations',
        'list-policies',
        '--filter',
        'SERVICE_CONTROL_POLICY',
      ])
      const protect = policies.json.Policies.find(
        (p: { Name: string }) => p.Name === 'ProtectCloudTrail',
      )
      const roots = await cli.ok(root, ['organizations', 'list-roots'])
      const rootId = roots.json.Roots[0].Id
      await cli.ok(root, [
        'organizations',
        'detach-policy',
        '--policy-id',
        protect.Id,
        '--target-id',
        rootId,
      ])
      try {
        const admin = await world.adminOf('Dev')
        const r = await cli.run(admin, ['cloudtrail', 'stop-logging', '--name', trailArn])
        assertAwsError(
          r,
          'NotOrganizationMasterAccountException',
          'You cannot configure or manage trails for an organization because this action requires being signed in with the management account.',
        )
      } finally {
        await cli.ok(root, [
          'organizations',
          'attach-policy',
          '--policy-id',
          protect.Id,
          '--target-id',
          rootId,
        ])
      }
    })
  },
)
