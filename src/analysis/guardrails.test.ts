import assert from 'node:assert/strict'
import { test } from 'node:test'
import { analyzeSnapshot, checkGuardrails, type GuardrailRule } from './index.ts'
import type { OrganizationSnapshot } from './snapshot.ts'
import { ADMIN, allow, buildSnapshot, deny, doc, trustStatement } from './snapshot.fixture.ts'

const MGMT = '000000000000'
const SEC = '100000000000'
const WORK = '200000000000'
const arn = (account: string, kind: string, name: string) =>
  `arn:aws:iam::${account}:${kind}/${name}`

/** A management account, a Security OU, a Workloads OU with one account; `change` edits it. */
function org(
  change: {
    workUsers?: Parameters<typeof buildSnapshot>[0]['accounts'][number]['users']
    workRoles?: Parameters<typeof buildSnapshot>[0]['accounts'][number]['roles']
    scps?: boolean
  } = {},
): OrganizationSnapshot {
  return buildSnapshot({
    management: MGMT,
    ous: [
      { id: 'ou-sec', name: 'Security', parentId: 'r-test' },
      { id: 'ou-work', name: 'Workloads', parentId: 'r-test' },
      { id: 'ou-prod', name: 'Prod', parentId: 'ou-work' },
    ],
    scps:
      change.scps === false
        ? []
        : [
            {
              name: 'guard',
              document: doc(deny(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'])),
              targets: ['ou-work'],
            },
          ],
    accounts: [
      { id: MGMT },
      {
        id: SEC,
        parentId: 'ou-sec',
        users: [
          {
            name: 'alice',
            inlinePolicies: [{ name: 'assume', document: doc(allow('sts:AssumeRole')) }],
          },
        ],
        roles: [
          {
            name: 'Break',
            trustPolicy: doc(trustStatement({ AWS: MGMT })),
            inlinePolicies: [{ name: 'a', document: ADMIN }],
          },
        ],
      },
      {
        id: WORK,
        parentId: 'ou-prod',
        users: change.workUsers ?? [],
        roles: change.workRoles ?? [],
      },
    ],
  })
}

const results = (s: OrganizationSnapshot) => {
  const byRule = new Map(checkGuardrails(analyzeSnapshot(s)).map((r) => [r.rule, r]))
  return (rule: GuardrailRule) => byRule.get(rule)!
}

test('a clean organization passes every rule it can check', () => {
  const r = results(org())
  for (const rule of [
    'no-iam-users-in-workloads',
    'mfa-for-privileged-role-trust',
    'third-party-trust-requires-external-id',
    'workload-ous-carry-guardrail-scps',
    'audit-logging-protected',
    'no-full-admin-outside-admin-accounts',
    'boundaries-on-created-roles',
  ] as const)
    assert.equal(r(rule).status, 'PASS', `${rule}: ${JSON.stringify(r(rule).failures)}`)
  assert.equal(r('no-root-access-keys').status, 'NOT_APPLICABLE')
})

test('each rule fails with the resource and the reason', () => {
  const admin = { name: 'admin', document: ADMIN }
  const s = org({
    scps: false,
    workUsers: [{ name: 'bob' }],
    workRoles: [
      { name: 'Ops', trustPolicy: doc(trustStatement({ AWS: SEC })), inlinePolicies: [admin] },
      { name: 'Vendor', trustPolicy: doc(trustStatement({ AWS: '999999999999' })) },
    ],
  })
  const r = results(s)
  assert.deepEqual(
    r('no-iam-users-in-workloads').failures.map((f) => f.resource),
    [arn(WORK, 'user', 'bob')],
  )
  assert.equal(r('workload-ous-carry-guardrail-scps').status, 'FAIL')
  assert.deepEqual(
    r('third-party-trust-requires-external-id').failures.map((f) => f.resource),
    [arn(WORK, 'role', 'Vendor')],
  )
  assert.ok(
    r('mfa-for-privileged-role-trust').failures.some(
      (f) => f.resource === arn(WORK, 'role', 'Ops'),
    ),
  )
  assert.ok(
    r('audit-logging-protected').failures.some((f) => f.resource === arn(WORK, 'role', 'Ops')),
  )
  assert.deepEqual(
    r('no-full-admin-outside-admin-accounts').failures.map((f) => f.resource),
    [arn(WORK, 'role', 'Ops')],
  )
  assert.ok(
    r('boundaries-on-created-roles').failures.some((f) => f.resource === arn(WORK, 'role', 'Ops')),
  )
})

test('MFA in the trust and a required boundary pass; root keys and console users are read when known', () => {
  const bounded = doc(
    allow('iam:CreateRole', '*', {
      StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${WORK}:policy/b` },
    }),
    allow('iam:AttachRolePolicy'),
  )
  const s = org({
    workRoles: [
      {
        name: 'Ops',
        trustPolicy: doc(
          trustStatement({ AWS: SEC }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
        ),
        inlinePolicies: [{ name: 'p', document: bounded }],
      },
    ],
  })
  const withKeys = {
    ...s,
    accounts: s.accounts.map((a) =>
      a.id === MGMT
        ? { ...a, rootAccessKeys: ['AKIAEXAMPLE'] }
        : a.id === SEC
          ? {
              ...a,
              rootAccessKeys: [],
              iam: {
                ...a.iam,
                users: a.iam.users.map((u) => ({ ...u, consolePassword: true, mfaDevices: 0 })),
              },
            }
          : a,
    ),
  }
  const r = results(withKeys)
  assert.equal(r('mfa-for-privileged-role-trust').status, 'PASS')
  assert.equal(r('boundaries-on-created-roles').status, 'PASS')
  assert.deepEqual(
    r('no-root-access-keys').failures.map((f) => f.resource),
    [`arn:aws:iam::${MGMT}:root`],
  )
  assert.deepEqual(
    r('mfa-for-console-users').failures.map((f) => f.resource),
    [arn(SEC, 'user', 'alice')],
  )
})

test('the configuration turns rules off, changes severities and names the guardrail SCPs', () => {
  const analysis = analyzeSnapshot(org())
  const results = checkGuardrails(analysis, {
    guardrailScps: ['guard', 'missing'],
    rules: {
      'no-root-access-keys': { enabled: false },
      'no-iam-users-in-workloads': { severity: 'LOW' },
    },
  })
  assert.ok(!results.some((r) => r.rule === 'no-root-access-keys'))
  assert.equal(results.find((r) => r.rule === 'no-iam-users-in-workloads')!.severity, 'LOW')
  const scps = results.find((r) => r.rule === 'workload-ous-carry-guardrail-scps')!
  assert.deepEqual(
    scps.failures.map((f) => f.reason),
    ['OU Workloads does not carry the SCP missing', 'OU Prod does not carry the SCP missing'],
  )
})
