/**
 * Each escalation technique on a small account: found when the principal holds its permissions,
 * and not found in four twins where one thing blocks it — a condition the principal cannot meet,
 * a permissions boundary, an SCP, an explicit deny.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { analyzeSnapshot, findEscalations, PASS_ROLE_TECHNIQUES } from './index.ts'
import type { SnapshotInlinePolicy } from './snapshot.ts'
import {
  ADMIN,
  ADMIN_ARN,
  allow,
  buildSnapshot,
  deny,
  doc,
  managedPolicy,
  trustStatement,
} from './snapshot.fixture.ts'

const A = '111111111111'
const arn = (kind: string, name: string) => `arn:aws:iam::${A}:${kind}/${name}`
const EVE = arn('user', 'eve')
const APP = arn('role', 'app')

const BLOCKERS = ['none', 'condition', 'boundary', 'scp', 'deny'] as const
type Blocker = (typeof BLOCKERS)[number]

interface Case {
  readonly technique: string
  /** Granted to `holder`; the first is the one SCPs and denies block. */
  readonly actions: readonly string[]
  /** Who holds the permissions: eve (a user), app (a role), or Helper (a role eve becomes). */
  readonly holder?: 'eve' | 'app' | 'Helper'
  /** The principal examined (default: the holder). */
  readonly principal?: string
  readonly to: string
  /** The service Target trusts (default ec2). */
  readonly service?: string
  /** Eve's or app's own boundary, for the boundary techniques. */
  readonly ownBoundary?: boolean
}

function world(c: Case, blocker: Blocker) {
  const holder = c.holder ?? 'eve'
  const key = c.actions[0]!
  const condition =
    blocker === 'condition' ? { StringEquals: { 'aws:PrincipalTag/clearance': 'high' } } : undefined
  const grant: SnapshotInlinePolicy[] = [
    {
      name: 'grant',
      document: doc(
        allow([...c.actions], '*', condition),
        ...(blocker === 'deny' ? [deny(key)] : []),
      ),
    },
  ]
  const limit = arn('policy', 'limit')
  const ownLimit = arn('policy', 'own-limit')
  const boundaryOf = (who: string) => {
    if (c.ownBoundary && who === holder) return blocker === 'boundary' ? limit : ownLimit
    return blocker === 'boundary' && who === holder ? limit : undefined
  }
  const policiesOf = (who: string) => {
    // What the boundary withholds: gained when the boundary goes.
    const base =
      c.ownBoundary && who === holder
        ? [{ name: 'more', document: doc(allow('iam:CreateUser')) }]
        : []
    return who === holder ? [...base, ...grant] : base
  }
  const mine = arn('policy', 'mine')
  return buildSnapshot({
    accounts: [
      {
        id: A,
        users: [
          {
            name: 'eve',
            groups: ['devs'],
            inlinePolicies: policiesOf('eve'),
            attachedPolicies: [mine],
            ...(boundaryOf('eve') === undefined ? {} : { permissionsBoundary: boundaryOf('eve') }),
          },
          { name: 'boss', inlinePolicies: [{ name: 'admin', document: ADMIN }] },
        ],
        groups: [
          { name: 'devs' },
          { name: 'admins', inlinePolicies: [{ name: 'admin', document: ADMIN }] },
        ],
        roles: [
          {
            name: 'app',
            trustPolicy: doc(trustStatement({ Service: 'lambda.amazonaws.com' })),
            inlinePolicies: policiesOf('app'),
            attachedPolicies: [mine],
            ...(boundaryOf('app') === undefined ? {} : { permissionsBoundary: boundaryOf('app') }),
          },
          {
            name: 'Helper',
            trustPolicy: doc(trustStatement({ AWS: [EVE, APP] })),
            inlinePolicies: [
              { name: 'read', document: doc(allow('s3:GetObject')) },
              ...(holder === 'Helper' ? grant : []),
            ],
            ...(boundaryOf('Helper') === undefined
              ? {}
              : { permissionsBoundary: boundaryOf('Helper') }),
          },
          {
            name: 'Target',
            trustPolicy: doc(trustStatement({ Service: c.service ?? 'ec2.amazonaws.com' })),
            inlinePolicies: [{ name: 'admin', document: ADMIN }],
          },
        ],
      },
    ],
    scps: blocker === 'scp' ? [{ name: 'guard', document: doc(deny(key)), targets: [A] }] : [],
    managed: [
      managedPolicy(A, 'mine', doc(allow('s3:ListBucket')), ADMIN),
      managedPolicy(A, 'limit', doc(allow('s3:GetObject'))),
      managedPolicy(A, 'own-limit', doc(allow([...c.actions, 's3:GetObject', 'sts:AssumeRole']))),
    ],
  })
}

const CASES: Case[] = [
  { technique: 'CreatePolicyVersion', actions: ['iam:CreatePolicyVersion'], to: '*' },
  {
    technique: 'CreatePolicyVersion',
    actions: ['iam:CreatePolicyVersion'],
    holder: 'app',
    to: '*',
  },
  { technique: 'SetDefaultPolicyVersion', actions: ['iam:SetDefaultPolicyVersion'], to: EVE },
  { technique: 'AttachUserPolicy', actions: ['iam:AttachUserPolicy'], to: '*' },
  { technique: 'AttachGroupPolicy', actions: ['iam:AttachGroupPolicy'], to: '*' },
  { technique: 'AttachRolePolicy', actions: ['iam:AttachRolePolicy'], holder: 'app', to: '*' },
  { technique: 'AttachRolePolicy', actions: ['iam:AttachRolePolicy'], to: arn('role', 'Helper') },
  { technique: 'PutUserPolicy', actions: ['iam:PutUserPolicy'], to: '*' },
  { technique: 'PutGroupPolicy', actions: ['iam:PutGroupPolicy'], to: '*' },
  { technique: 'PutRolePolicy', actions: ['iam:PutRolePolicy'], holder: 'app', to: '*' },
  { technique: 'PutRolePolicy', actions: ['iam:PutRolePolicy'], to: arn('role', 'Helper') },
  { technique: 'AddUserToGroup', actions: ['iam:AddUserToGroup'], to: arn('group', 'admins') },
  {
    technique: 'UpdateAssumeRolePolicy',
    actions: ['iam:UpdateAssumeRolePolicy'],
    to: arn('role', 'Target'),
  },
  { technique: 'CreateAccessKey', actions: ['iam:CreateAccessKey'], to: arn('user', 'boss') },
  { technique: 'CreateLoginProfile', actions: ['iam:CreateLoginProfile'], to: arn('user', 'boss') },
  { technique: 'UpdateLoginProfile', actions: ['iam:UpdateLoginProfile'], to: arn('user', 'boss') },
  {
    technique: 'DeleteUserPermissionsBoundary',
    actions: ['iam:DeleteUserPermissionsBoundary'],
    ownBoundary: true,
    to: EVE,
  },
  {
    technique: 'DeleteRolePermissionsBoundary',
    actions: ['iam:DeleteRolePermissionsBoundary'],
    holder: 'app',
    ownBoundary: true,
    to: APP,
  },
  {
    technique: 'role-chain+CreateAccessKey',
    actions: ['iam:CreateAccessKey'],
    holder: 'Helper',
    principal: EVE,
    to: arn('user', 'boss'),
  },
  ...PASS_ROLE_TECHNIQUES.map((t) => ({
    technique: t.name,
    actions: [...t.actions.map((a) => a.action), ...(t.passRole ? ['iam:PassRole'] : [])],
    service: t.services[0]!,
    to: arn('role', 'Target'),
  })),
]

for (const c of CASES) {
  const holder = c.holder ?? 'eve'
  const principal =
    c.principal ?? (holder === 'app' ? APP : holder === 'eve' ? EVE : arn('role', holder))
  test(`${c.technique} (${holder}): found, and blocked by a condition, a boundary, an SCP, a deny`, () => {
    for (const blocker of BLOCKERS) {
      const analysis = analyzeSnapshot(world(c, blocker))
      const findings = findEscalations(analysis, { principal })
      const hit = findings.filter((f) => f.technique === c.technique && f.to === c.to)
      if (blocker === 'none') {
        assert.equal(hit.length, 1, `${c.technique}: ${JSON.stringify(findings, null, 1)}`)
        assert.equal(hit[0]!.principal, principal)
        for (const step of hit[0]!.steps) assert.match(step.explanation, /allowed by/)
      } else {
        assert.deepEqual(hit, [], `${c.technique} blocked by ${blocker}`)
      }
    }
  })
}

test('a principal with nothing to gain has no finding; one already admin neither', () => {
  const analysis = analyzeSnapshot(
    world({ technique: '-', actions: ['s3:GetObject'], to: '*' }, 'none'),
  )
  assert.deepEqual(findEscalations(analysis, { principal: EVE }), [])
  assert.deepEqual(findEscalations(analysis, { principal: arn('user', 'boss') }), [])
})

test('the steps name the permission used and what the step depends on', () => {
  const passRole = PASS_ROLE_TECHNIQUES.find((t) => t.name === 'PassRole+ec2:RunInstances')!
  const c: Case = {
    technique: passRole.name,
    actions: ['ec2:RunInstances', 'iam:PassRole'],
    to: arn('role', 'Target'),
  }
  const findings = findEscalations(analyzeSnapshot(world(c, 'none')), { principal: EVE })
  const f = findings.find((x) => x.technique === c.technique)!
  assert.deepEqual(
    f.steps.map((s) => [s.action, s.resource]),
    [
      ['iam:PassRole', arn('role', 'Target')],
      ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${A}:instance/*`],
    ],
  )
  assert.match(f.steps[1]!.explanation, /instance profile holding the role must exist/)
  assert.equal(ADMIN_ARN.endsWith('AdministratorAccess'), true)
})

test('instance profiles: EC2 needs one made first when none holds the role; SSM needs one', () => {
  const base: Case = {
    technique: 'PassRole+ec2:RunInstances',
    actions: ['ec2:RunInstances', 'iam:PassRole'],
    to: arn('role', 'Target'),
  }
  const withProfiles = (profiles: string[], c: Case) => {
    const s = world(c, 'none')
    const account = s.accounts[0]!
    const roles = account.iam.roles.map((r) =>
      r.name === 'Target' ? { ...r, instanceProfiles: profiles } : r,
    )
    return { ...s, accounts: [{ ...account, iam: { ...account.iam, roles } }] }
  }
  const techniques = (snapshot: ReturnType<typeof world>) =>
    findEscalations(analyzeSnapshot(snapshot), { principal: EVE }).map((f) => f.technique)
  assert.ok(!techniques(withProfiles([], base)).includes(base.technique))
  const creating: Case = {
    ...base,
    actions: [...base.actions, 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'],
  }
  const made = findEscalations(analyzeSnapshot(withProfiles([], creating)), { principal: EVE })
  assert.deepEqual(
    made.find((f) => f.technique === base.technique)?.steps.map((s) => s.action),
    [
      'iam:CreateInstanceProfile',
      'iam:AddRoleToInstanceProfile',
      'iam:PassRole',
      'ec2:RunInstances',
    ],
  )
  const profile = `arn:aws:iam::${A}:instance-profile/web`
  const held = findEscalations(analyzeSnapshot(withProfiles([profile], base)), { principal: EVE })
  assert.match(
    held.find((f) => f.technique === base.technique)!.steps[1]!.explanation,
    /instance profile arn:aws:iam::111111111111:instance-profile\/web/,
  )
  const ssm: Case = {
    technique: 'ssm:SendCommand',
    actions: ['ssm:SendCommand'],
    to: arn('role', 'Target'),
  }
  assert.ok(!techniques(withProfiles([], ssm)).includes('ssm:SendCommand'))
  assert.ok(techniques(withProfiles([profile], ssm)).includes('ssm:SendCommand'))
})
