import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parsePolicy, type Condition, type Result } from '../policy/index.ts'
import { conditionCandidates } from './condition-candidates.ts'
import { satisfyingValues, searchContext, type SearchKey } from './context-search.ts'

/** The conditions of a one-statement policy's `Condition` block. */
function conditionsOf(block: object): Condition[] {
  const doc = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: block }],
  })
  return [...parsePolicy(doc, 'identity').policy!.statements[0]!.conditions]
}

function keysOf(conditions: readonly Condition[]): SearchKey[] {
  const keys = new Map<string, SearchKey>()
  for (const c of conditions) {
    const lower = c.key.toLowerCase()
    const k = keys.get(lower) ?? { key: c.key, lower, values: [] }
    keys.set(lower, k)
    k.values.push(...conditionCandidates(c))
  }
  return [...keys.values()]
}

const AT = { policyType: 'trust', policyIndex: 0, statementIndex: 0 } as const

/** An engine result; `matched` says the statement at AT was among those that allowed. */
const result = (decision: Result['decision'], matched = false) =>
  ({
    decision,
    explanation: {
      allowedBy: matched ? [{ ...AT, policyType: 'resource', effect: 'Allow' }] : [],
      deniedBy: [],
      ...(decision === 'ImplicitlyDenied' && !matched
        ? { missingAllow: { policyType: 'resource' } }
        : {}),
    },
  }) as unknown as Result

describe('context search', () => {
  it('satisfyingValues: the values that meet every condition on the key, or none', () => {
    const both = conditionsOf({
      StringLike: { 'sts:ExternalId': 'Audit-*' },
      StringNotEquals: { 'sts:ExternalId': 'Audit-x' },
    })
    // The wildcard filled in gives Audit-x, which the second condition refuses: another class.
    const values = satisfyingValues('sts:ExternalId', both, true)
    assert.ok(values.length > 0)
    for (const v of values) {
      assert.equal(typeof v.probe, 'string')
      assert.match(v.probe as string, /^Audit-/)
      assert.notEqual(v.probe, 'Audit-x')
    }
    const never = conditionsOf({
      NumericLessThan: { 'aws:MultiFactorAuthAge': '5' },
      NumericGreaterThan: { 'aws:MultiFactorAuthAge': '10' },
    })
    assert.deepEqual(satisfyingValues('aws:MultiFactorAuthAge', never, true), [])
  })

  it('five keys needed at once: found, each key with its value', () => {
    const conditions = conditionsOf({
      StringEquals: { 'sts:ExternalId': 'e', 'aws:PrincipalTag/a': 'b', 'aws:CalledVia': 'c' },
      IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    })
    const want: Record<string, unknown> = {
      'sts:ExternalId': 'e',
      'aws:PrincipalTag/a': 'b',
      'aws:CalledVia': 'c',
      'aws:SourceIp': '10.0.0.0',
      'aws:MultiFactorAuthPresent': 'true',
    }
    let runs = 0
    const run = (ctx: Record<string, unknown>) => {
      runs++
      const ok = Object.entries(want).every(([k, v]) => ctx[k] === v)
      return result(ok ? 'Allowed' : 'ImplicitlyDenied')
    }
    const found = searchContext(
      {},
      keysOf(conditions),
      [{ conditions, variables: true, ref: AT }],
      run,
    )
    assert.ok(found)
    assert.equal(found.conservative, false)
    assert.equal(found.result.decision, 'Allowed')
    assert.deepEqual(found.conditions, {
      'sts:ExternalId': ['e'],
      'aws:PrincipalTag/a': ['b'],
      'aws:CalledVia': ['c'],
      'aws:SourceIp': ['10.0.0.0/8'],
      'aws:MultiFactorAuthPresent': ['true'],
    })
    assert.ok(runs < 200, `${runs} engine decisions`)
  })

  it('combinations the engine refuses are searched on; past the budget, reported conservatively', () => {
    const values = ['1', '2', '3', '4', '5', '6', '7']
    const conditions = conditionsOf({
      StringEquals: { 'k:a': values, 'k:b': values, 'k:c': values },
    })
    const keys = keysOf(conditions)
    const statements = [{ conditions, variables: true, ref: AT }]
    // Only a=7, b=7, c=1 escapes a Deny: the 49th combination in order.
    const late = searchContext({}, keys, statements, (ctx) =>
      result(
        ctx['k:a'] === '7' && ctx['k:b'] === '7' && ctx['k:c'] === '1'
          ? 'Allowed'
          : 'ExplicitlyDenied',
      ),
    )
    assert.deepEqual(late?.conditions, { 'k:a': ['7'], 'k:b': ['7'], 'k:c': ['1'] })
    // 343 combinations, the engine refuses them all: past the budget, every value is shown.
    const refused = searchContext({}, keys, statements, () => result('ExplicitlyDenied'))
    assert.equal(refused?.conservative, true)
    assert.deepEqual(refused?.conditions, { 'k:a': values, 'k:b': values, 'k:c': values })
    // A statement the engine reaches and never matches with its conditions met names another
    // principal, action or resource: one try, no access, however many combinations remain.
    let tries = 0
    const other = searchContext({}, keys, statements, () => {
      tries++
      return result('ImplicitlyDenied')
    })
    assert.equal(other, undefined)
    // 21 single values, 3 pairs of 49, then the statement's first combination only.
    assert.equal(tries, 21 + 3 * 49 + 1)
    // It matched, but another policy type never allowed: past the budget, conservative.
    const elsewhere = searchContext({}, keys, statements, () => result('ImplicitlyDenied', true))
    assert.equal(elsewhere?.conservative, true)

    const small = conditionsOf({ StringEquals: { 'k:a': ['1', '2'], 'k:b': '1', 'k:c': '1' } })
    assert.equal(
      searchContext({}, keysOf(small), [{ conditions: small, variables: true, ref: AT }], () =>
        result('ExplicitlyDenied'),
      ),
      undefined,
    )
  })
})
