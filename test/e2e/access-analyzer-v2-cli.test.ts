/**
 * `aws accessanalyzer` (the real AWS CLI v2 at /usr/bin/aws) for what AWS added after CLI 2.9:
 * the unused access analyzer types with `unusedAccessAge`, update-analyzer, list-findings-v2
 * (filters, sort, paging) and get-finding-v2 (external access and unused access details), each
 * with its error paths, against a server that loaded SecureCart as `npm start` does. The CLI
 * reads those operations' model from its HOME (test/support/access-analyzer-model.ts).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { installAccessAnalyzerModel } from '../support/access-analyzer-model.ts'
import { awsCliSkipReason, credentialsFrom, type AwsCredentials } from '../support/aws-cli.ts'
import { assertAwsError, startSecureCart, type SecureCart } from './securecart-world.ts'
import { secureCartWithoutPipeline } from '../support/securecart-without-pipeline.ts'

const AUDITOR = '999999999999'
const EXTERNAL_ID = 'SecureCart-Audit-2024'

interface CliFindingV2 {
  id: string
  resource: string
  resourceType: string
  resourceOwnerAccount: string
  status: string
  findingType: string
  createdAt: string
  analyzedAt: string
  updatedAt: string
}

describe(
  'aws accessanalyzer: unused access, update-analyzer, list-findings-v2, get-finding-v2',
  { skip: awsCliSkipReason() ?? false, timeout: 900_000 },
  () => {
    let world: SecureCart
    let root: AwsCredentials
    let auditorRole: string
    let prodAccess: string
    let idleArn: string
    let idleKeyId: string
    let unusedArn: string
    let orgArn: string

    const aa = (args: readonly string[]) => world.cli.ok(root, ['accessanalyzer', ...args])
    const aaFails = (args: readonly string[]) => world.cli.run(root, ['accessanalyzer', ...args])
    const listV2 = async (arn: string, ...args: string[]): Promise<CliFindingV2[]> =>
      (await aa(['list-findings-v2', '--analyzer-arn', arn, ...args])).json.findings
    const one = (all: readonly CliFindingV2[], type: string, resource: string) => {
      const f = all.find((x) => x.findingType === type && x.resource === resource)
      assert.ok(
        f,
        `no ${type} for ${resource} in ${JSON.stringify(all.map((x) => [x.findingType, x.resource]))}`,
      )
      return f
    }

    before(async () => {
      // SecureCart without its pipeline roles (external by design, tested on their own).
      world = await startSecureCart([], undefined, secureCartWithoutPipeline())
      installAccessAnalyzerModel(world.cli)
      root = world.root
      auditorRole = world.roleArn('Prod', 'ThirdPartyAuditor')
      prodAccess = world.roleArn('Prod', 'OrganizationAccountAccessRole')
      // Prod's OrganizationAccountAccessRole is used, for IAM only; nobody assumes the auditor's.
      const prodAdmin = await world.adminOf('Prod')
      await world.cli.ok(prodAdmin, ['iam', 'get-role', '--role-name', 'ThirdPartyAuditor'])
      // A management account user with a console password and an access key, never used.
      await world.cli.ok(root, ['iam', 'create-user', '--user-name', 'idle'])
      await world.cli.ok(root, [
        'iam',
        'create-login-profile',
        '--user-name',
        'idle',
        '--password',
        'Idle-Passw0rd!2026',
      ])
      const key = await world.cli.ok(root, ['iam', 'create-access-key', '--user-name', 'idle'])
      idleKeyId = credentialsFrom(key.json.AccessKey).accessKeyId
      idleArn = `arn:aws:iam::${world.managementAccountId}:user/idle`
    })
    after(async () => {
      await world?.stop()
    })

    test('create-analyzer of both unused access types with unusedAccessAge', async () => {
      unusedArn = (
        await aa([
          'create-analyzer',
          '--analyzer-name',
          'unused-org',
          '--type',
          'ORGANIZATION_UNUSED_ACCESS',
          '--configuration',
          'unusedAccess={unusedAccessAge=30}',
        ])
      ).json.arn
      assert.match(unusedArn, /:analyzer\/unused-org$/)
      await aa([
        'create-analyzer',
        '--analyzer-name',
        'unused-account',
        '--type',
        'ACCOUNT_UNUSED_ACCESS',
        '--configuration',
        JSON.stringify({ unusedAccess: { unusedAccessAge: 90 } }),
      ])
      orgArn = (await aa(['create-analyzer', '--analyzer-name', 'org', '--type', 'ORGANIZATION']))
        .json.arn
      const got = (await aa(['get-analyzer', '--analyzer-name', 'unused-org'])).json.analyzer
      assert.equal(got.type, 'ORGANIZATION_UNUSED_ACCESS')
      assert.deepEqual(got.configuration, { unusedAccess: { unusedAccessAge: 30 } })
      const listed = (await aa(['list-analyzers', '--type', 'ACCOUNT_UNUSED_ACCESS'])).json
        .analyzers
      assert.deepEqual(
        listed.map((a: { name: string; configuration: unknown }) => [a.name, a.configuration]),
        [['unused-account', { unusedAccess: { unusedAccessAge: 90 } }]],
      )
      // Without a configuration, AWS's default age: 90 days.
      await aa([
        'create-analyzer',
        '--analyzer-name',
        'unused-default',
        '--type',
        'ACCOUNT_UNUSED_ACCESS',
      ])
      assert.deepEqual(
        (await aa(['get-analyzer', '--analyzer-name', 'unused-default'])).json.analyzer
          .configuration,
        { unusedAccess: { unusedAccessAge: 90 } },
      )
      await aa(['delete-analyzer', '--analyzer-name', 'unused-default'])

      assertAwsError(
        await aaFails([
          'create-analyzer',
          '--analyzer-name',
          'too-young',
          '--type',
          'ACCOUNT_UNUSED_ACCESS',
          '--configuration',
          'unusedAccess={unusedAccessAge=0}',
        ]),
        'ValidationException',
        /unusedAccessAge.*greater than or equal to 1/,
      )
      assertAwsError(
        await aaFails([
          'create-analyzer',
          '--analyzer-name',
          'unused-org',
          '--type',
          'ORGANIZATION_UNUSED_ACCESS',
        ]),
        'ConflictException',
        /unused-org/,
      )
    })

    test('update-analyzer changes unusedAccessAge; a missing analyzer, an external access one and a bad age fail', async () => {
      const updated = await aa([
        'update-analyzer',
        '--analyzer-name',
        'unused-org',
        '--configuration',
        'unusedAccess={unusedAccessAge=60}',
      ])
      assert.deepEqual(updated.json, { configuration: { unusedAccess: { unusedAccessAge: 60 } } })
      assert.deepEqual(
        (await aa(['get-analyzer', '--analyzer-name', 'unused-org'])).json.analyzer.configuration,
        { unusedAccess: { unusedAccessAge: 60 } },
      )
      assertAwsError(
        await aaFails([
          'update-analyzer',
          '--analyzer-name',
          'missing',
          '--configuration',
          'unusedAccess={unusedAccessAge=60}',
        ]),
        'ResourceNotFoundException',
        /missing/,
      )
      assertAwsError(
        await aaFails([
          'update-analyzer',
          '--analyzer-name',
          'org',
          '--configuration',
          'unusedAccess={unusedAccessAge=60}',
        ]),
        'ValidationException',
        'UpdateAnalyzer is not supported for analyzers of type ORGANIZATION',
      )
      assertAwsError(
        await aaFails([
          'update-analyzer',
          '--analyzer-name',
          'unused-org',
          '--configuration',
          'unusedAccess={unusedAccessAge=366}',
        ]),
        'ValidationException',
        /unusedAccessAge.*less than or equal to 365/,
      )
    })

    test('list-findings-v2: unused access findings, filters, sort, paging and a bad nextToken', async () => {
      const all = await listV2(unusedArn)
      one(all, 'UnusedIAMRole', auditorRole)
      one(all, 'UnusedPermission', prodAccess)
      one(all, 'UnusedIAMUserPassword', idleArn)
      one(all, 'UnusedIAMUserAccessKey', idleArn)
      assert.equal(
        all.find((f) => f.findingType === 'UnusedIAMRole' && f.resource === prodAccess),
        undefined,
        'a role used in the window is no unused role',
      )
      for (const f of all) {
        assert.equal(f.status, 'ACTIVE')
        assert.match(f.createdAt, /^\d{4}-\d\d-\d\dT/)
      }

      const roles = await listV2(
        unusedArn,
        '--filter',
        JSON.stringify({ findingType: { eq: ['UnusedIAMRole'] } }),
      )
      assert.ok(roles.length > 0)
      assert.ok(roles.every((f) => f.findingType === 'UnusedIAMRole'))
      assert.deepEqual(
        roles.map((f) => f.id).sort(),
        all
          .filter((f) => f.findingType === 'UnusedIAMRole')
          .map((f) => f.id)
          .sort(),
      )
      const idle = await listV2(
        unusedArn,
        '--filter',
        JSON.stringify({
          resource: { eq: [idleArn] },
          findingType: { neq: ['UnusedIAMUserPassword'] },
        }),
      )
      assert.deepEqual(
        idle.map((f) => f.findingType),
        ['UnusedIAMUserAccessKey'],
      )

      const byResource = await listV2(unusedArn, '--sort', 'attributeName=resource,orderBy=DESC')
      const resources = byResource.map((f) => f.resource)
      assert.deepEqual(resources, [...resources].sort().reverse())
      assert.equal(byResource.length, all.length)

      // The CLI's own paging: two at a time, resumed from its NextToken; the same list in pages.
      const first = await aa(['list-findings-v2', '--analyzer-arn', unusedArn, '--max-items', '2'])
      assert.equal(first.json.findings.length, 2)
      assert.ok(first.json.NextToken, JSON.stringify(first.json))
      const second = await aa([
        'list-findings-v2',
        '--analyzer-arn',
        unusedArn,
        '--max-items',
        '2',
        '--starting-token',
        first.json.NextToken,
      ])
      assert.deepEqual(
        [...first.json.findings, ...second.json.findings].map((f: CliFindingV2) => f.id),
        all.slice(0, 4).map((f) => f.id),
      )
      const paged = await listV2(unusedArn, '--page-size', '3')
      assert.deepEqual(
        paged.map((f) => f.id),
        all.map((f) => f.id),
      )

      // A token the server never gave, sent as nextToken.
      assertAwsError(
        await aaFails(['list-findings-v2', '--analyzer-arn', unusedArn, '--next-token', 'bogus']),
        'ValidationException',
        'Invalid pagination token.',
      )
      // A token of another list (the unfiltered one's) for a filtered list.
      const raw = await aa(['list-findings-v2', '--analyzer-arn', unusedArn, '--max-results', '1'])
      assert.ok(raw.json.nextToken)
      assertAwsError(
        await aaFails([
          'list-findings-v2',
          '--analyzer-arn',
          unusedArn,
          '--next-token',
          raw.json.nextToken,
          '--filter',
          JSON.stringify({ findingType: { eq: ['UnusedIAMRole'] } }),
        ]),
        'ValidationException',
        'Invalid pagination token.',
      )
      assertAwsError(
        await aaFails([
          'list-findings-v2',
          '--analyzer-arn',
          unusedArn.replace('unused-org', 'gone'),
        ]),
        'ResourceNotFoundException',
        /gone/,
      )
      // ListFindings (V1) serves external access analyzers only.
      assertAwsError(
        await aaFails(['list-findings', '--analyzer-arn', unusedArn]),
        'ValidationException',
        'ListFindings is not supported for analyzers of type ORGANIZATION_UNUSED_ACCESS',
      )
    })

    test('get-finding-v2: an external access finding and each unused access finding; a bad id', async () => {
      const external = one(await listV2(orgArn), 'ExternalAccess', auditorRole)
      // GetFindingV2 is paginated on findingDetails: with paging on, the CLI prints only those
      // (as it does against AWS); --no-paginate prints the whole response.
      const merged = (await aa(['get-finding-v2', '--analyzer-arn', orgArn, '--id', external.id]))
        .json
      assert.deepEqual(Object.keys(merged), ['findingDetails'])
      const ext = (
        await aa(['get-finding-v2', '--analyzer-arn', orgArn, '--id', external.id, '--no-paginate'])
      ).json
      assert.equal(ext.id, external.id)
      assert.equal(ext.findingType, 'ExternalAccess')
      assert.equal(ext.resource, auditorRole)
      assert.equal(ext.resourceType, 'AWS::IAM::Role')
      assert.equal(ext.resourceOwnerAccount, world.accounts.Prod)
      assert.deepEqual(merged.findingDetails, ext.findingDetails)
      assert.deepEqual(ext.findingDetails, [
        {
          externalAccessDetails: {
            principal: { AWS: AUDITOR },
            action: ['sts:AssumeRole'],
            condition: { 'sts:ExternalId': EXTERNAL_ID },
            isPublic: false,
          },
        },
      ])

      const all = await listV2(unusedArn)
      const get = async (f: CliFindingV2, ...args: string[]) =>
        (await aa(['get-finding-v2', '--analyzer-arn', unusedArn, '--id', f.id, ...args])).json
      const role = await get(one(all, 'UnusedIAMRole', auditorRole), '--no-paginate')
      assert.equal(role.findingType, 'UnusedIAMRole')
      assert.equal(role.resource, auditorRole)
      assert.deepEqual(role.findingDetails, [{ unusedIamRoleDetails: {} }])
      const password = await get(one(all, 'UnusedIAMUserPassword', idleArn))
      assert.deepEqual(password.findingDetails, [{ unusedIamUserPasswordDetails: {} }])
      const key = await get(one(all, 'UnusedIAMUserAccessKey', idleArn))
      assert.deepEqual(key.findingDetails, [
        { unusedIamUserAccessKeyDetails: { accessKeyId: idleKeyId } },
      ])

      // AdministratorAccess on a role used for IAM only: every other service unused whole, IAM's
      // unused actions listed (not GetRole, which it called). The CLI merges the detail pages.
      const permission = one(all, 'UnusedPermission', prodAccess)
      const details = (await get(permission)).findingDetails.map(
        (d: { unusedPermissionDetails: unknown }) => d.unusedPermissionDetails,
      ) as { serviceNamespace: string; lastAccessed?: string; actions?: { action: string }[] }[]
      const s3 = details.find((d) => d.serviceNamespace === 's3')
      assert.ok(s3 && s3.actions === undefined && s3.lastAccessed === undefined, JSON.stringify(s3))
      const iam = details.find((d) => d.serviceNamespace === 'iam')
      assert.match(iam?.lastAccessed ?? '', /^\d{4}-\d\d-\d\dT/)
      assert.ok(iam?.actions?.some((a) => a.action === 'iam:DeleteRole'))
      assert.ok(!iam?.actions?.some((a) => a.action === 'iam:GetRole'))
      const firstTwo = await get(permission, '--max-items', '2')
      assert.equal(firstTwo.findingDetails.length, 2)
      assert.ok(firstTwo.NextToken)
      const nextTwo = await get(
        permission,
        '--max-items',
        '2',
        '--starting-token',
        firstTwo.NextToken,
      )
      assert.deepEqual(
        [...firstTwo.findingDetails, ...nextTwo.findingDetails].map(
          (d: { unusedPermissionDetails: { serviceNamespace: string } }) =>
            d.unusedPermissionDetails.serviceNamespace,
        ),
        details.slice(0, 4).map((d) => d.serviceNamespace),
      )

      assertAwsError(
        await aaFails(['get-finding-v2', '--analyzer-arn', unusedArn, '--id', 'no-such-finding']),
        'ResourceNotFoundException',
        'Finding no-such-finding not found',
      )
      assertAwsError(
        await aaFails([
          'get-finding-v2',
          '--analyzer-arn',
          unusedArn.replace('unused-org', 'gone'),
          '--id',
          permission.id,
        ]),
        'ResourceNotFoundException',
        /gone/,
      )
      // GetFinding (V1) serves external access analyzers only.
      assertAwsError(
        await aaFails(['get-finding', '--analyzer-arn', unusedArn, '--id', permission.id]),
        'ValidationException',
        'GetFinding is not supported for analyzers of type ORGANIZATION_UNUSED_ACCESS',
      )
    })
  },
)
