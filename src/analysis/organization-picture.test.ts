import assert from 'node:assert/strict'
import { test } from 'node:test'
import { analyzeSnapshot, buildOrganizationPicture, edgeRequirement } from './index.ts'
import { ADMIN, allow, buildSnapshot, deny, doc, trustStatement } from './snapshot.fixture.ts'

const MGMT = '000000000000'
const SEC = '100000000000'
const PROD = '200000000000'
const DEV = '300000000000'
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`

const snapshot = buildSnapshot({
  management: MGMT,
  ous: [
    { id: 'ou-sec', name: 'Security', parentId: 'r-test' },
    { id: 'ou-work', name: 'Workloads', parentId: 'r-test' },
    { id: 'ou-prod', name: 'Prod', parentId: 'ou-work' },
  ],
  scps: [{ name: 'NoUsers', document: doc(deny('iam:CreateUser')), targets: ['ou-work'] }],
  rcps: [{ name: 'Tls', document: doc(deny('s3:*')), targets: [PROD] }],
  accounts: [
    { id: MGMT, name: 'Management' },
    {
      id: SEC,
      name: 'Security',
      parentId: 'ou-sec',
      users: [
        { name: 'alice', inlinePolicies: [{ name: 'a', document: doc(allow('sts:AssumeRole')) }] },
      ],
    },
    {
      id: PROD,
      name: 'Prod',
      parentId: 'ou-prod',
      roles: [
        {
          name: 'Admin',
          trustPolicy: doc(
            trustStatement({ AWS: SEC }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
          ),
          inlinePolicies: [{ name: 'admin', document: ADMIN }],
        },
        {
          name: 'Auditor',
          trustPolicy: doc(
            trustStatement({ AWS: '999999999999' }, { StringEquals: { 'sts:ExternalId': 'x-1' } }),
          ),
        },
        {
          name: 'FromDev',
          trustPolicy: doc(trustStatement({ AWS: DEV })),
        },
        {
          name: 'Self',
          trustPolicy: doc(trustStatement({ AWS: PROD })),
        },
      ],
    },
    // Dev's people may not assume anything: its trust in Prod yields no edge.
    { id: DEV, name: 'Dev', parentId: 'ou-work', users: [{ name: 'bob' }] },
  ],
})

const picture = buildOrganizationPicture(analyzeSnapshot(snapshot))

test('the tree: root, OUs with their paths, accounts with their parents, roles and users', () => {
  assert.equal(picture.organizationId, 'o-test')
  assert.equal(picture.managementAccountId, MGMT)
  assert.equal(picture.root?.id, 'r-test')
  assert.deepEqual(
    picture.ous.map((o) => [o.id, o.parentId, o.path]),
    [
      ['ou-sec', 'r-test', 'Security'],
      ['ou-work', 'r-test', 'Workloads'],
      ['ou-prod', 'ou-work', 'Workloads/Prod'],
    ],
  )
  const prod = picture.accounts.find((a) => a.id === PROD)!
  assert.equal(prod.parentId, 'ou-prod')
  assert.deepEqual(
    prod.roles.map((r) => r.name),
    ['Admin', 'Auditor', 'FromDev', 'Self'],
  )
  assert.equal(prod.roles[0]!.arn, role(PROD, 'Admin'))
  assert.equal(picture.accounts.find((a) => a.id === MGMT)?.management, true)
  assert.equal(picture.accounts.find((a) => a.id === DEV)?.users, 1)
})

test('SCPs and RCPs on the target they are attached to', () => {
  const names = (id: string) =>
    [picture.root, ...picture.ous, ...picture.accounts]
      .find((x) => x?.id === id)!
      .policies.map((p) => `${p.type}:${p.name}`)
  assert.deepEqual(names('ou-work'), ['rcp:RCPFullAWSAccess', 'scp:FullAWSAccess', 'scp:NoUsers'])
  assert.deepEqual(names('ou-prod'), ['rcp:RCPFullAWSAccess', 'scp:FullAWSAccess'])
  assert.deepEqual(names(PROD), ['rcp:RCPFullAWSAccess', 'rcp:Tls', 'scp:FullAWSAccess'])
})

test('trust edges between accounts, as the engine allows them, by what they require', () => {
  assert.deepEqual(
    picture.edges.map((e) => [e.from, e.to, e.requires, e.trusts.map((t) => [t.from, t.to])]),
    [
      [SEC, PROD, 'mfa', [[`arn:aws:iam::${SEC}:user/alice`, role(PROD, 'Admin')]]],
      [
        'external:999999999999',
        PROD,
        'external-id',
        [['arn:aws:iam::999999999999:root', role(PROD, 'Auditor')]],
      ],
    ],
  )
  assert.deepEqual(picture.outsiders, [
    { id: 'external:999999999999', kind: 'external', label: '999999999999 (outside)' },
  ])
  assert.deepEqual(picture.edges[1]!.trusts[0]!.conditions, { 'sts:ExternalId': ['x-1'] })
})

test('edgeRequirement reads the condition keys', () => {
  assert.equal(edgeRequirement({}), 'none')
  assert.equal(edgeRequirement({ 'sts:ExternalId': ['a'] }), 'external-id')
  assert.equal(edgeRequirement({ 'aws:MultiFactorAuthPresent': ['true'] }), 'mfa')
  assert.equal(
    edgeRequirement({ 'aws:MultiFactorAuthAge': ['1'], 'sts:externalid': ['a'] }),
    'mfa+external-id',
  )
  assert.equal(edgeRequirement({ 'aws:SourceIp': ['10.0.0.0/8'] }), 'other')
})
