import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { policyText, snapshotFromImport, type ImportFiles } from '../../domain/snapshots/index.ts'
import { runXaccess } from '../../../test/support/xaccess-cli.ts'
import { readImportDirectory } from './read-import-directory.ts'

/**
 * test/fixtures/aws-import: accounts 111111111111 and 222222222222 are AWS's recorded
 * GetAccountAuthorizationDetails responses (placeholders named), 333333333333 the raw API's
 * URL-encoded form; the Organizations files follow the AWS CLI reference's examples.
 */
const FIXTURE = resolve(import.meta.dirname, '../../../test/fixtures/aws-import')

const empty = (over: Partial<ImportFiles>): ImportFiles => ({
  source: 'import test',
  authorizationDetails: new Map(),
  ousForParent: new Map(),
  accountsForParent: new Map(),
  listPolicies: new Map(),
  describePolicy: new Map(),
  targetsForPolicy: new Map(),
  ...over,
})

test('the organization: root, OU, accounts by name under their parents, SCPs and targets', () => {
  const s = snapshotFromImport(readImportDirectory(FIXTURE))
  assert.equal(s.source, `import ${FIXTURE}`)
  assert.deepEqual(s.organization, {
    id: 'o-exampleorgid',
    managementAccountId: '111111111111',
    rootId: 'r-examplerootid111',
    scpEnabled: true,
    rcpEnabled: false,
  })
  assert.deepEqual(s.organizationalUnits, [
    { id: 'ou-examplerootid111-exampleouid111', name: 'Workloads', parentId: 'r-examplerootid111' },
  ])
  assert.deepEqual(
    s.accounts.map((a) => [a.id, a.name, a.parentId]),
    [
      ['111111111111', 'Management', 'r-examplerootid111'],
      ['222222222222', 'Dev', 'ou-examplerootid111-exampleouid111'],
      ['333333333333', 'Prod', 'ou-examplerootid111-exampleouid111'],
    ],
  )
  assert.deepEqual(
    s.organizationPolicies.map((p) => [p.id, p.name, p.type, p.targets.length]),
    [
      ['p-FullAWSAccess', 'FullAWSAccess', 'scp', 5],
      ['p-examplepolicyid111', 'DenyIamUsers', 'scp', 1],
    ],
  )
  assert.equal(JSON.parse(s.organizationPolicies[1]!.document).Statement[0].Effect, 'Deny')
})

test('IAM as the CLI prints it: users, groups, roles, inline and managed policies, profiles, tags', () => {
  const s = snapshotFromImport(readImportDirectory(FIXTURE))
  const iam = s.accounts[0]!.iam
  const alice = iam.users[0]!
  assert.equal(alice.arn, 'arn:aws:iam::111111111111:user/alice')
  assert.equal(alice.id, 'AIDAEXAMPLEUSER00001')
  assert.deepEqual(alice.groups, ['readers'])
  assert.deepEqual(alice.attachedPolicies, ['arn:aws:iam::111111111111:policy/reader-policy'])
  assert.deepEqual(alice.tags, { somekey: 'somevalue', someotherkey: 'someothervalue' })
  assert.deepEqual(
    JSON.parse(alice.inlinePolicies[0]!.document).Statement[0].Action,
    's3:ListBucket',
  )
  const role = iam.roles[0]!
  assert.equal(role.arn, 'arn:aws:iam::111111111111:role/my-path/app-server')
  assert.equal(role.path, '/my-path/')
  assert.deepEqual(role.instanceProfiles, [
    'arn:aws:iam::111111111111:instance-profile/app-server-profile',
  ])
  assert.equal(JSON.parse(role.trustPolicy).Statement[0].Principal.Service, 'ec2.amazonaws.com')
  assert.equal(iam.groups[0]!.inlinePolicies[0]!.name, 'readers-inline')
  const s3 = s.managedPolicies.find((p) => p.arn === 'arn:aws:iam::aws:policy/AmazonS3FullAccess')!
  assert.equal(s3.accountId, 'aws')
  assert.equal(s3.defaultVersionId, 'v2')
  assert.deepEqual(
    s3.versions.map((v) => v.versionId),
    ['v2', 'v1'],
  )
  const local = s.managedPolicies.find((p) => p.name === 'reader-policy')!
  assert.equal(local.accountId, '111111111111')
})

test('the raw API form: URL-encoded documents; AWS-managed policies the details omit come from the catalogue', () => {
  const s = snapshotFromImport(readImportDirectory(FIXTURE))
  const prod = s.accounts.find((a) => a.id === '333333333333')!
  assert.deepEqual(JSON.parse(prod.iam.users[0]!.inlinePolicies[0]!.document).Statement[0], {
    Effect: 'Allow',
    Action: 'iam:*',
    Resource: '*',
  })
  assert.equal(prod.iam.users[0]!.permissionsBoundary, 'arn:aws:iam::aws:policy/PowerUserAccess')
  assert.equal(
    JSON.parse(prod.iam.roles[0]!.trustPolicy).Statement[0].Principal.AWS,
    'arn:aws:iam::111111111111:root',
  )
  for (const name of ['AdministratorAccess', 'PowerUserAccess'])
    assert.ok(
      s.managedPolicies.some((p) => p.arn === `arn:aws:iam::aws:policy/${name}`),
      name,
    )
})

test('policyText reads objects, JSON text and URL-encoded JSON text', () => {
  const doc = { Version: '2012-10-17', Statement: [] }
  assert.equal(policyText(doc, 'x'), JSON.stringify(doc))
  assert.equal(policyText(' {"a": 1}', 'x'), '{"a": 1}')
  assert.equal(policyText(encodeURIComponent(JSON.stringify(doc)), 'x'), JSON.stringify(doc))
  assert.throws(() => policyText(7, 'f.json'), /f\.json: a policy document is missing/)
  assert.throws(() => policyText('%E0%A4%A', 'f.json'), /neither JSON nor URL-encoded JSON/)
})

test('one account alone: no organization, the account named by its id', () => {
  const s = snapshotFromImport(
    empty({
      authorizationDetails: new Map([
        [
          '444444444444',
          { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
        ],
      ]),
    }),
  )
  assert.equal(s.organization, undefined)
  assert.deepEqual(
    s.accounts.map((a) => [a.id, a.name, a.parentId]),
    [['444444444444', '444444444444', undefined]],
  )
  assert.deepEqual(s.organizationPolicies, [])
})

test('an AWS-managed policy many accounts carry: each file read once, one copy kept', () => {
  const version = (id: string, isDefault: boolean) => ({
    VersionId: id,
    IsDefaultVersion: isDefault,
    Document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
    },
  })
  const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
  const details = (account: string) => ({
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [
      {
        RoleName: 'app',
        Arn: `arn:aws:iam::${account}:role/app`,
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: arn }],
      },
    ],
    Policies: [
      {
        PolicyName: 'ReadOnlyAccess',
        Arn: arn,
        DefaultVersionId: 'v2',
        // Only the first account's copy is read (the others would give one version).
        PolicyVersionList:
          account === '444444444444'
            ? [version('v2', true), version('v1', false)]
            : [version('v2', true)],
      },
    ],
  })
  const ids = ['444444444444', '555555555555', '666666666666']
  const reads: string[] = []
  const s = snapshotFromImport(
    empty({
      authorizationDetails: {
        size: ids.length,
        keys: () => ids.values(),
        get: (id) => {
          reads.push(id)
          return details(id)
        },
      },
    }),
  )
  assert.deepEqual(reads, ids)
  assert.deepEqual(
    s.managedPolicies.map((p) => [p.arn, p.defaultVersionId, p.versions.length]),
    [[arn, 'v2', 2]],
  )
  assert.deepEqual(
    s.accounts.map((a) => a.iam.roles[0]?.attachedPolicies),
    ids.map(() => [arn]),
  )
})

test('SCPs apply only when the root enables them and the import lists them', () => {
  const files = readImportDirectory(FIXTURE)
  const unlisted = snapshotFromImport({ ...files, listPolicies: new Map() })
  assert.equal(unlisted.organization?.scpEnabled, false)
  assert.deepEqual(unlisted.organizationPolicies, [])
  const disabled = snapshotFromImport({
    ...files,
    listRoots: { Roots: [{ Id: 'r-examplerootid111', Name: 'Root', PolicyTypes: [] }] },
  })
  assert.equal(disabled.organization?.scpEnabled, false)
})

test('a file of the wrong shape is named with what was expected', () => {
  assert.throws(
    () => snapshotFromImport(empty({ authorizationDetails: new Map([['1', []]]) })),
    /accounts\/1\/get-account-authorization-details\.json: expected a JSON object/,
  )
  assert.throws(
    () =>
      snapshotFromImport(
        empty({ authorizationDetails: new Map([['1', { UserDetailList: [{ Arn: 'x' }] }]]) }),
      ),
    /'UserName' is missing/,
  )
})

test('reading a directory: not a directory, no import, a file that is not JSON', () => {
  assert.throws(() => readImportDirectory('/nonexistent/x'), /not a directory/)
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-import-'))
  try {
    assert.throws(() => readImportDirectory(dir), /holds no import/)
    mkdirSync(join(dir, 'accounts', '111111111111'), { recursive: true })
    writeFileSync(join(dir, 'accounts/111111111111/get-account-authorization-details.json'), '{')
    // Account files are parsed when the snapshot reads them, one at a time.
    const files = readImportDirectory(dir)
    assert.deepEqual([...files.authorizationDetails.keys()], ['111111111111'])
    assert.throws(
      () => snapshotFromImport(files),
      /get-account-authorization-details\.json: not JSON/,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

const whoCan = async (action: string, resource: string, ...extra: string[]) => {
  const r = await runXaccess([
    'analyze',
    'who-can',
    '--import',
    FIXTURE,
    '--action',
    action,
    '--resource',
    resource,
    ...extra,
    '--json',
  ])
  assert.equal(r.status, 0, r.stderr)
  return (JSON.parse(r.stdout) as { principals: { principal: string }[] }).principals.map(
    (p) => p.principal,
  )
}

test('analyze who-can --import: the SCP on Workloads and the boundary decide', async () => {
  // carol's inline policy allows iam:*, the OU's SCP denies iam:CreateUser.
  assert.deepEqual(await whoCan('iam:CreateUser', 'arn:aws:iam::333333333333:user/x'), [])
  // her boundary (PowerUserAccess) allows iam:ListRoles, not iam:DeleteUser; ProdAdmin has
  // AdministratorAccess (from the catalogue) but nobody the import holds can assume it.
  // Identity Center (sso-admin/, identitystore/): ReadOnlyAccess is assigned in 333333333333 to
  // Developers (dana) and to anna, through the AWSReservedSSO role it provisions.
  assert.deepEqual(await whoCan('iam:ListRoles', '*', '--resource-account', '333333333333'), [
    'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnlyAccess_1234567890abcdef',
    'arn:aws:iam::333333333333:role/ProdAdmin',
    'arn:aws:iam::333333333333:user/carol',
    'arn:aws:identitystore:::user/b8d1f3e0-7011-70e1-2a9c-8b5f0c4d1a01',
    'arn:aws:identitystore:::user/b8d1f3e0-7011-70e1-2a9c-8b5f0c4d1a02',
  ])
  assert.deepEqual(await whoCan('iam:DeleteUser', 'arn:aws:iam::333333333333:user/x'), [
    'arn:aws:iam::333333333333:role/ProdAdmin',
  ])
})

test('findings --import and bad usage', async () => {
  const findings = await runXaccess(['findings', '--import', FIXTURE, '--json'])
  assert.ok([0, 1].includes(findings.status), findings.stderr)
  assert.ok(Array.isArray(JSON.parse(findings.stdout).rules))
  const both = await runXaccess(['analyze', 'escalation', '--import', FIXTURE, '--org', 'x.yaml'])
  assert.equal(both.status, 2)
  assert.match(both.stderr, /give only one of --org, --import|give only one of/)
  const missing = await runXaccess(['analyze', 'escalation', '--import', '/nonexistent/dir'])
  assert.equal(missing.status, 1)
  assert.match(missing.stderr, /not a directory/)
})
