import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  analyzeSnapshot,
  buildFindingsReport,
  checkGuardrails,
  findEscalations,
  readFindingsQuery,
  selectFindings,
  withFindings,
  type Finding,
  type FindingsReport,
} from './index.ts'
import { ADMIN, allow, buildSnapshot, doc, trustStatement } from './snapshot.fixture.ts'

const MGMT = '000000000000'
const SEC = '100000000000'
const WORK = '200000000000'
const arn = (account: string, kind: string, name: string) =>
  `arn:aws:iam::${account}:${kind}/${name}`

/**
 * A management account; Security with alice (may assume anything) and a user who may rewrite
 * her own policy versions; Workloads/Prod with an admin role trusted by Security (MFA or not)
 * and a user (a guardrail failure).
 */
function report(mfa: boolean): FindingsReport {
  const snapshot = buildSnapshot({
    management: MGMT,
    ous: [
      { id: 'ou-sec', name: 'Security', parentId: 'r-test' },
      { id: 'ou-work', name: 'Workloads', parentId: 'r-test' },
      { id: 'ou-prod', name: 'Prod', parentId: 'ou-work' },
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
          {
            name: 'versioner',
            inlinePolicies: [
              {
                name: 'own',
                document: doc(
                  allow('iam:CreatePolicyVersion', arn(SEC, 'policy', 'versioner-policy')),
                ),
              },
            ],
            attachedPolicies: [arn(SEC, 'policy', 'versioner-policy')],
          },
        ],
      },
      {
        id: WORK,
        parentId: 'ou-prod',
        users: [{ name: 'stray' }],
        roles: [
          {
            name: 'ProdAdmin',
            trustPolicy: doc(
              trustStatement(
                { AWS: SEC },
                mfa ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : undefined,
              ),
            ),
            inlinePolicies: [{ name: 'admin', document: ADMIN }],
          },
        ],
      },
    ],
    managed: [
      {
        arn: arn(SEC, 'policy', 'versioner-policy'),
        name: 'versioner-policy',
        accountId: SEC,
        defaultVersionId: 'v1',
        versions: [{ versionId: 'v1', document: doc(allow('iam:GetUser')) }],
      },
    ],
  })
  const analysis = analyzeSnapshot(snapshot)
  const rules = checkGuardrails(analysis)
  return buildFindingsReport(analysis, rules, findEscalations(analysis))
}

describe('buildFindingsReport', () => {
  const r = report(false)

  test('every failing guardrail resource is a finding with the reason checkGuardrails gives', () => {
    const analysis = r
    const users = analysis.findings.filter((f) => f.rule === 'no-iam-users-in-workloads')
    assert.deepEqual(
      users.map((f) => [f.kind, f.resource, f.accountIds]),
      [['guardrail', arn(WORK, 'user', 'stray'), [WORK]]],
    )
    assert.equal(users[0]!.severity, 'MEDIUM')
    assert.match(users[0]!.explanation, /./)
    const failing = r.rules.filter((x) => x.status === 'FAIL').map((x) => x.rule)
    assert.ok(failing.includes('no-iam-users-in-workloads'))
  })

  test('an escalation is a HIGH finding with each step and its permission', () => {
    const esc = r.findings.filter((f) => f.kind === 'escalation')
    const mine = esc.find((f) => f.resource === arn(SEC, 'user', 'versioner'))
    assert.ok(mine, esc.map((f) => f.id).join('\n'))
    assert.equal(mine.severity, 'HIGH')
    assert.ok(mine.steps.some((s) => s.action === 'iam:CreatePolicyVersion'))
    assert.ok(mine.steps.every((s) => s.explanation !== ''))
    // Nobody else escalates: alice may only assume roles, and ProdAdmin is already all-powerful.
    assert.deepEqual(
      esc.map((f) => f.resource).filter((p) => p.includes(':user/alice')),
      [],
    )
  })

  test('who reaches a sensitive role, with the path; MEDIUM without MFA from another account', () => {
    const reach = r.findings.find((f) => f.kind === 'reachability')
    assert.ok(reach)
    assert.equal(reach.resource, arn(WORK, 'role', 'ProdAdmin'))
    assert.equal(reach.severity, 'MEDIUM')
    const alice = reach.paths?.find((p) => p.principal === arn(SEC, 'user', 'alice'))
    assert.ok(alice)
    assert.deepEqual(
      alice.steps.map((s) => [s.action, s.from, s.to]),
      [['sts:AssumeRole', arn(SEC, 'user', 'alice'), arn(WORK, 'role', 'ProdAdmin')]],
    )
    assert.deepEqual(alice.steps[0]!.conditions, {})
    assert.deepEqual(reach.accountIds, [WORK, SEC])
  })

  test('with MFA on the trust policy the same path says so and is LOW', () => {
    const reach = report(true).findings.find((f) => f.kind === 'reachability')
    assert.ok(reach)
    assert.equal(reach.severity, 'LOW')
    assert.equal(reach.explanation, 'every path needs MFA or an ExternalId')
    const hop = reach.paths![0]!.steps[0]!
    assert.deepEqual(Object.keys(hop.conditions), ['aws:MultiFactorAuthPresent'])
  })

  test('most severe first, and counts by severity', () => {
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']
    const ranks = r.findings.map((f) => order.indexOf(f.severity))
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    )
    assert.equal(
      Object.values(r.counts).reduce((a, b) => a + b, 0),
      r.findings.length,
    )
  })
})

test('withFindings merges more findings in order and recounts', () => {
  const r = report(false)
  const extra: Finding = {
    id: 'analyzer:x:1',
    kind: 'analyzer',
    severity: 'CRITICAL',
    rule: 'ExternalAccess',
    title: 't',
    resource: arn(WORK, 'role', 'ProdAdmin'),
    accountIds: [WORK],
    explanation: 'e',
    steps: [],
  }
  const merged = withFindings(r, [extra])
  // After the CRITICAL guardrail findings, before every less severe one.
  assert.equal(merged.findings.indexOf(extra), r.counts.CRITICAL)
  assert.equal(merged.findings.length, r.findings.length + 1)
  assert.equal(merged.counts.CRITICAL, r.counts.CRITICAL + 1)
  assert.equal(withFindings(r, []), r)
})

describe('selectFindings', () => {
  const r = report(false)

  test('filters by kind, severity, account and text', () => {
    assert.ok(
      selectFindings(r, { kinds: ['escalation'] }).findings.every((f) => f.kind === 'escalation'),
    )
    assert.ok(
      selectFindings(r, { severities: ['MEDIUM'] }).findings.every((f) => f.severity === 'MEDIUM'),
    )
    const inWork = selectFindings(r, { accountId: WORK })
    assert.ok(inWork.matching > 0)
    assert.ok(inWork.findings.every((f) => f.accountIds.includes(WORK)))
    const text = selectFindings(r, { text: 'STRAY' })
    assert.deepEqual(
      text.findings.map((f) => f.resource),
      [arn(WORK, 'user', 'stray')],
    )
  })

  test('pages with nextToken until every finding was seen once', () => {
    const seen: string[] = []
    let token: string | undefined
    do {
      const page = selectFindings(r, {
        maxResults: 1,
        ...(token === undefined ? {} : { nextToken: token }),
      })
      assert.equal(page.matching, r.findings.length)
      seen.push(...page.findings.map((f) => f.id))
      token = page.nextToken
    } while (token !== undefined)
    assert.deepEqual(
      seen,
      r.findings.map((f) => f.id),
    )
    assert.throws(() => selectFindings(r, { nextToken: 'bogus' }), /Invalid pagination token/)
  })

  test('reads a query from URL parameters and refuses bad values with AWS wording', () => {
    assert.deepEqual(
      readFindingsQuery(
        new URLSearchParams(
          'severity=HIGH&severity=LOW&kind=guardrail&accountId=200000000000&text=%20x%20&maxResults=5',
        ),
      ),
      {
        severities: ['HIGH', 'LOW'],
        kinds: ['guardrail'],
        accountId: WORK,
        text: 'x',
        maxResults: 5,
      },
    )
    assert.throws(
      () => readFindingsQuery(new URLSearchParams('severity=SEVERE')),
      /Value 'SEVERE' at 'severity' failed to satisfy constraint/,
    )
    assert.throws(
      () => readFindingsQuery(new URLSearchParams('maxResults=0')),
      /Member must have value between 1 and 100/,
    )
    assert.throws(() => readFindingsQuery(new URLSearchParams('accountId=12')), /accountId/)
    assert.throws(() => readFindingsQuery(new URLSearchParams('kind=other')), /'kind'/)
  })
})
