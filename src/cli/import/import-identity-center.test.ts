import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { accessFrom, analyzeSnapshot, ssoUserArn, whoCan } from '../../analysis/index.ts'
import { loadImportSnapshot, readImportDirectory } from './read-import-directory.ts'

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/aws-import')
const DATA_ADMIN = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-abcdef1234567890'
const READ_ONLY = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef'
const DANA = 'b8d1f3e0-7011-70e1-2a9c-8b5f0c4d1a01'
const ANNA = 'b8d1f3e0-7011-70e1-2a9c-8b5f0c4d1a02'

test('an import reads Identity Center: users, groups and members, permission sets, assignments', () => {
  const files = readImportDirectory(FIXTURES)
  assert.equal(files.identityCenter?.accountAssignments.size, 6)
  const ic = loadImportSnapshot(FIXTURES).identityCenter!
  assert.equal(ic.instanceArn, 'arn:aws:sso:::instance/ssoins-1234567890abcdef')
  assert.equal(ic.identityStoreId, 'd-1234567890')
  assert.deepEqual(ic.users, [
    { id: DANA, userName: 'dana' },
    { id: ANNA, userName: 'anna' },
  ])
  assert.deepEqual(
    ic.groups.map((g) => [g.displayName, g.memberIds]),
    [
      ['Developers', [DANA]],
      ['Analysts', [ANNA]],
    ],
  )
  assert.deepEqual(ic.permissionSets, [
    { arn: READ_ONLY, name: 'ReadOnlyAccess' },
    { arn: DATA_ADMIN, name: 'DataAdmin' },
  ])
  assert.deepEqual(
    ic.assignments.map((a) => `${a.accountId} ${a.permissionSetArn.slice(-19)} ${a.principalType}`),
    [
      '111111111111 ps-1234567890abcdef GROUP',
      '111111111111 ps-abcdef1234567890 GROUP',
      '333333333333 ps-1234567890abcdef GROUP',
      '333333333333 ps-1234567890abcdef USER',
    ],
  )
})

test("an assignment's role, missing from the account's details, is built from the permission set", () => {
  const snapshot = loadImportSnapshot(FIXTURES)
  const ic = snapshot.identityCenter!
  const provisioned = ic.provisionedRoles.find(
    (p) => p.permissionSetArn === DATA_ADMIN && p.accountId === '111111111111',
  )!
  const role = snapshot.accounts
    .find((a) => a.id === '111111111111')!
    .iam.roles.find((r) => r.arn === provisioned.roleArn)!
  assert.match(
    role.arn,
    /^arn:aws:iam::111111111111:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_DataAdmin_[0-9a-f]{16}$/,
  )
  assert.deepEqual(role.attachedPolicies, [
    'arn:aws:iam::111111111111:policy/data/DataBucketsAccess',
  ])
  assert.equal(role.permissionsBoundary, 'arn:aws:iam::aws:policy/AmazonS3FullAccess')
  assert.deepEqual(
    role.inlinePolicies.map((p) => p.name),
    ['AwsSSOInlinePolicy'],
  )
  // Three (permission set, account) pairs are assigned: each provisioned once.
  assert.equal(ic.provisionedRoles.length, 3)
})

test('analysis on the import: a group member reaches its roles and what they allow', () => {
  const snapshot = loadImportSnapshot(FIXTURES)
  const analysis = analyzeSnapshot(snapshot)
  const dana = ssoUserArn(DANA)
  const reached = accessFrom(analysis.graph, analysis.evaluator, dana).map((p) => p.hops.at(-1)!.to)
  assert.ok(reached.some((arn) => /111111111111:role\/.*AWSReservedSSO_DataAdmin_/.test(arn)))
  assert.ok(reached.some((arn) => /333333333333:role\/.*AWSReservedSSO_ReadOnlyAccess_/.test(arn)))
  // The inline policy allows s3:GetObject on the data bucket, within the S3 boundary.
  const read = accessFrom(analysis.graph, analysis.evaluator, dana, {
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::example-data/report.csv',
    resourceAccount: '111111111111',
  })
  assert.ok(read.length > 0)
  // anna is only read-only: she cannot put objects there.
  const who = whoCan(analysis.graph, analysis.evaluator, {
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::example-data/report.csv',
    resourceAccount: '111111111111',
  }).map((p) => p.principal)
  assert.ok(who.includes(dana), who.join('\n'))
  assert.ok(!who.includes(ssoUserArn(ANNA)), who.join('\n'))
})

test('an import without sso-admin files has no Identity Center; a bad file is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-import-ic-'))
  try {
    cpSync(FIXTURES, dir, { recursive: true })
    rmSync(join(dir, 'sso-admin'), { recursive: true })
    assert.equal(loadImportSnapshot(dir).identityCenter, undefined)
    cpSync(FIXTURES, dir, { recursive: true })
    writeFileSync(join(dir, 'identitystore/list-users/d-1234567890.json'), '{"Users": {}}\n')
    assert.throws(
      () => loadImportSnapshot(dir),
      /identitystore\/list-users\/d-1234567890\.json: 'Users' must be a list of objects/,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
