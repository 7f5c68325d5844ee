import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test } from 'node:test'
import {
  accessFrom,
  analyzeSnapshot,
  contractHop,
  ssoUserArn,
  whoCan,
} from '../../analysis/index.ts'
import { parseOrganizationFile } from '../org-file/index.ts'
import { snapshotFromOrganizationFile } from './org-file-snapshot.ts'

const FILE = resolve(import.meta.dirname, '../../../examples/securecart/org.yaml')

function secureCart() {
  const parsed = parseOrganizationFile(readFileSync(FILE, 'utf8'), 'org.yaml')
  assert.ok(parsed.ok)
  const snapshot = snapshotFromOrganizationFile(parsed.file)
  const ids = Object.fromEntries(snapshot.accounts.map((a) => [a.name, a.id]))
  return { snapshot, ids, analysis: analyzeSnapshot(snapshot) }
}

test('the SecureCart file as a snapshot: accounts, OUs, SCPs on their path, roles as applied', () => {
  const { snapshot, ids, analysis } = secureCart()
  assert.deepEqual(
    snapshot.accounts.map((a) => a.name),
    ['SecureCart', 'Security', 'Log Archive', 'Infra', 'Dev', 'Staging', 'Prod'],
  )
  assert.equal(snapshot.organization?.managementAccountId, ids.SecureCart)
  const dev = analysis.index.orgPolicies(ids.Dev!)
  assert.deepEqual(
    dev.scp?.map((level) => level.map((p) => p.name)),
    [
      ['FullAWSAccess', 'ProtectCloudTrail', 'AllowedRegionsNorthAmericaEurope'],
      ['FullAWSAccess', 'DenyIamUsersInWorkloads'],
      ['FullAWSAccess'],
      ['FullAWSAccess'],
    ],
  )
  const prod = snapshot.accounts.find((a) => a.name === 'Prod')!
  assert.deepEqual(
    prod.iam.roles.map((r) => r.name.replace(/_[0-9a-f]{16}$/, '_*')),
    [
      'ThirdPartyAuditor',
      'ProdAdmin',
      'PipelineDeploy',
      'OrganizationAccountAccessRole',
      // Identity Center: ReadOnlyAccess is assigned in Prod (to four groups, provisioned once).
      'AWSReservedSSO_ReadOnlyAccess_*',
    ],
  )
  assert.ok(snapshot.managedPolicies.some((p) => p.name === 'ReadOnlyAccess'))
})

test('SecureCart: the Infra deployer reaches the Dev role and nothing in Prod', () => {
  const { ids, analysis } = secureCart()
  const deployer = `arn:aws:iam::${ids.Infra}:user/ci/deployer`
  const paths = accessFrom(analysis.graph, analysis.evaluator, deployer)
  assert.deepEqual(
    paths.map((p) => p.hops.map(contractHop)),
    [[{ from: deployer, to: `arn:aws:iam::${ids.Dev}:role/InfraAssumeRole`, conditions: {} }]],
  )
  const prodAdmin = accessFrom(analysis.graph, analysis.evaluator, deployer, {
    action: 'iam:CreateRole',
    resource: `arn:aws:iam::${ids.Prod}:role/x`,
  })
  assert.deepEqual(prodAdmin, [])
})

test('SecureCart: the auditor reaches Prod read-only, only with its ExternalId', () => {
  const { ids, analysis } = secureCart()
  const auditor = 'arn:aws:iam::999999999999:root'
  const role = `arn:aws:iam::${ids.Prod}:role/ThirdPartyAuditor`
  const read = accessFrom(analysis.graph, analysis.evaluator, auditor, {
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::prod-logs/2026/report.json',
    resourceAccount: ids.Prod,
  })
  assert.deepEqual(read[0]!.hops.map(contractHop), [
    { from: auditor, to: role, conditions: { 'sts:ExternalId': ['SecureCart-Audit-2024'] } },
    { from: role, to: 'arn:aws:s3:::prod-logs/2026/report.json', conditions: {} },
  ])
  const write = accessFrom(analysis.graph, analysis.evaluator, auditor, {
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::prod-logs/2026/report.json',
    resourceAccount: ids.Prod,
  })
  assert.deepEqual(write, [])
  const wrongId = analyzeSnapshot(secureCart().snapshot, { 'sts:ExternalId': 'guess' })
  assert.deepEqual(accessFrom(wrongId.graph, wrongId.evaluator, auditor), [])
})

test('SecureCart: who-can iam:CreateUser in a workload account lists nobody the SCP stops', () => {
  const { snapshot, ids, analysis } = secureCart()
  for (const account of ['Dev', 'Staging', 'Prod']) {
    const who = whoCan(analysis.graph, analysis.evaluator, {
      action: 'iam:CreateUser',
      resource: `arn:aws:iam::${ids[account]}:user/intruder`,
    })
    assert.deepEqual(who, [], account)
  }
  // In a non-workload account the same question has answers: its administrators.
  const infra = whoCan(analysis.graph, analysis.evaluator, {
    action: 'iam:CreateUser',
    resource: `arn:aws:iam::${ids.Infra}:user/someone`,
  })
  // ...and Admins, through the AdministratorAccess permission set assigned in Infra.
  const ada = snapshot.identityCenter!.users.find((u) => u.userName === 'ada')!
  assert.deepEqual(
    infra.map((p) => p.principal.replace(/_[0-9a-f]{16}$/, '_*')),
    [
      `arn:aws:iam::${ids.Infra}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_*`,
      `arn:aws:iam::${ids.Infra}:role/OrganizationAccountAccessRole`,
      ssoUserArn(ada.id),
    ],
  )
})

test('SecureCart: Identity Center as applied — users, groups, assignments and the roles they provision', () => {
  const { snapshot, ids, analysis } = secureCart()
  const ic = snapshot.identityCenter!
  assert.deepEqual(
    ic.users.map((u) => u.userName),
    ['dana', 'anna', 'sean', 'ada'],
  )
  const developers = ic.groups.find((g) => g.displayName === 'Developers')!
  const dana = ic.users.find((u) => u.userName === 'dana')!
  assert.deepEqual(developers.memberIds, [dana.id])
  assert.deepEqual(
    ic.permissionSets.map((p) => p.name),
    ['AdministratorAccess', 'DeveloperAccess', 'ReadOnlyAccess'],
  )
  const devSet = ic.permissionSets.find((p) => p.name === 'DeveloperAccess')!
  const inDev = ic.assignments.filter((a) => a.accountId === ids.Dev)
  assert.ok(
    inDev.some(
      (a) =>
        a.permissionSetArn === devSet.arn &&
        a.principalType === 'GROUP' &&
        a.principalId === developers.id,
    ),
  )
  // The provisioned role holds the permission set's policies and trusts Identity Center only.
  const provisioned = ic.provisionedRoles.find(
    (p) => p.permissionSetArn === devSet.arn && p.accountId === ids.Dev,
  )!
  const role = snapshot.accounts
    .find((a) => a.id === ids.Dev)!
    .iam.roles.find((r) => r.arn === provisioned.roleArn)!
  assert.match(
    role.arn,
    /:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_DeveloperAccess_/,
  )
  assert.deepEqual(role.attachedPolicies, ['arn:aws:iam::aws:policy/PowerUserAccess'])
  assert.deepEqual(
    role.inlinePolicies.map((p) => p.name),
    ['AwsSSOInlinePolicy'],
  )
  assert.match(JSON.parse(role.trustPolicy).Statement[0].Principal.Service, /sso\.amazonaws\.com/)
  // dana reaches it; the inline policy's Deny holds.
  const paths = accessFrom(analysis.graph, analysis.evaluator, ssoUserArn(dana.id))
  assert.ok(paths.some((p) => p.hops.at(-1)?.to === role.arn))
  assert.deepEqual(
    accessFrom(analysis.graph, analysis.evaluator, ssoUserArn(dana.id), {
      action: 'cloudtrail:StopLogging',
      resource: `arn:aws:cloudtrail:us-east-1:${ids.Dev}:trail/main`,
    }),
    [],
  )
})
