import assert from 'node:assert/strict'
import { test } from 'node:test'
import { accessFrom, actionCatalogOf, analyzeSnapshot, contractHop, whoCan } from './index.ts'
import { ADMIN, allow, buildSnapshot, deny, doc, trustStatement } from './snapshot.fixture.ts'

const A = '111111111111'
const B = '222222222222'
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`
const user = (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`

const world = () =>
  buildSnapshot({
    accounts: [
      {
        id: A,
        users: [
          {
            name: 'dev',
            inlinePolicies: [
              { name: 'p', document: doc(allow('sts:AssumeRole', role(B, 'Deploy'))) },
            ],
          },
          { name: 'nobody' },
          {
            name: 'mfa-user',
            inlinePolicies: [
              { name: 'p', document: doc(allow('sts:AssumeRole', role(B, 'Admin'))) },
            ],
          },
        ],
      },
      {
        id: B,
        roles: [
          {
            name: 'Deploy',
            trustPolicy: doc(trustStatement({ AWS: `arn:aws:iam::${A}:root` })),
            inlinePolicies: [
              { name: 'p', document: doc(allow(['s3:GetObject', 'sts:AssumeRole'], '*')) },
            ],
          },
          {
            name: 'Admin',
            trustPolicy: doc(
              trustStatement({ AWS: A }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
            ),
            inlinePolicies: [{ name: 'admin', document: ADMIN }],
          },
          {
            name: 'Auditor',
            trustPolicy: doc(
              trustStatement(
                { AWS: '999999999999' },
                { StringEquals: { 'sts:ExternalId': 'secret-1' } },
              ),
            ),
            inlinePolicies: [{ name: 'read', document: doc(allow('s3:Get*')) }],
          },
          {
            name: 'Chained',
            trustPolicy: doc(trustStatement({ AWS: role(B, 'Deploy') })),
            inlinePolicies: [{ name: 'iam', document: doc(allow('iam:CreateUser')) }],
          },
        ],
      },
    ],
  })

test('an AssumeRole edge needs the caller side and the trust policy; role chains follow', () => {
  const { graph, evaluator } = analyzeSnapshot(world())
  const paths = accessFrom(graph, evaluator, user(A, 'dev'))
  assert.deepEqual(
    paths.map((p) => p.hops.map(contractHop)),
    [
      [{ from: user(A, 'dev'), to: role(B, 'Deploy'), conditions: {} }],
      [
        { from: user(A, 'dev'), to: role(B, 'Deploy'), conditions: {} },
        { from: role(B, 'Deploy'), to: role(B, 'Chained'), conditions: {} },
      ],
    ],
  )
  assert.deepEqual(accessFrom(graph, evaluator, user(A, 'nobody')), [])
})

test('conditions are kept: MFA and ExternalId, with their values', () => {
  const { graph, evaluator } = analyzeSnapshot(world())
  const mfa = accessFrom(graph, evaluator, user(A, 'mfa-user'))
  assert.deepEqual(mfa[0]!.hops.map(contractHop), [
    {
      from: user(A, 'mfa-user'),
      to: role(B, 'Admin'),
      conditions: { 'aws:MultiFactorAuthPresent': ['true'] },
    },
  ])
  const auditor = accessFrom(graph, evaluator, 'arn:aws:iam::999999999999:root')
  assert.deepEqual(auditor[0]!.hops.map(contractHop), [
    {
      from: 'arn:aws:iam::999999999999:root',
      to: role(B, 'Auditor'),
      conditions: { 'sts:ExternalId': ['secret-1'] },
    },
  ])
})

test('a stated context decides: MFA false removes the edge', () => {
  const { graph, evaluator } = analyzeSnapshot(world(), { 'aws:MultiFactorAuthPresent': 'false' })
  assert.deepEqual(accessFrom(graph, evaluator, user(A, 'mfa-user')), [])
})

test('access with an action: the last hop goes to the resource', () => {
  const { graph, evaluator } = analyzeSnapshot(world())
  const paths = accessFrom(graph, evaluator, user(A, 'dev'), {
    action: 'iam:CreateUser',
    resource: `arn:aws:iam::${B}:user/x`,
  })
  assert.equal(paths.length, 1)
  assert.deepEqual(
    paths[0]!.hops.map((h) => h.to),
    [role(B, 'Deploy'), role(B, 'Chained'), `arn:aws:iam::${B}:user/x`],
  )
})

test('who-can lists each principal with its shortest path; an SCP deny removes them', () => {
  const q = { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' }
  const open = analyzeSnapshot(world())
  const names = whoCan(open.graph, open.evaluator, q).map((p) => p.principal)
  assert.ok(names.includes(user(A, 'dev')))
  assert.ok(names.includes(role(B, 'Deploy')))
  assert.ok(names.includes('arn:aws:iam::999999999999:root'))
  const denied = buildSnapshot({
    ...specOf(),
    scps: [{ name: 'no-s3', document: doc(deny('s3:*')), targets: [B] }],
  })
  const closed = analyzeSnapshot(denied)
  assert.deepEqual(whoCan(closed.graph, closed.evaluator, q), [])
})

test('wildcard actions expand with the catalogue', () => {
  const { graph, evaluator } = analyzeSnapshot(world())
  const catalog = actionCatalogOf(['s3:GetObject', 's3:GetBucketPolicy', 's3:PutObject'])
  const paths = accessFrom(
    graph,
    evaluator,
    'arn:aws:iam::999999999999:root',
    { action: 's3:Get*', resource: '*' },
    catalog,
  )
  assert.deepEqual(paths.map((p) => p.action).sort(), ['s3:GetBucketPolicy', 's3:GetObject'])
})

function specOf() {
  const s = world()
  return {
    accounts: s.accounts.map((a) => ({ id: a.id, users: a.iam.users, roles: a.iam.roles })),
  }
}

test('who-can sts:AssumeRole on a role of the snapshot reads its trust policy', () => {
  const { graph, evaluator } = analyzeSnapshot(world())
  const who = whoCan(graph, evaluator, { action: 'sts:AssumeRole', resource: role(B, 'Admin') })
  assert.deepEqual(
    who.map((p) => [p.principal, p.hops.map(contractHop)]),
    [
      [
        user(A, 'mfa-user'),
        [
          {
            from: user(A, 'mfa-user'),
            to: role(B, 'Admin'),
            conditions: { 'aws:MultiFactorAuthPresent': ['true'] },
          },
        ],
      ],
    ],
  )
})
