import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compileCondition, conditionHolds } from '../../policy/conditions/compile-condition.ts'
import { parsePolicy, type Condition } from '../../policy/index.ts'
import { describePrincipal } from '../../policy/principal-info.ts'
import { RequestContext } from '../../policy/request-context.ts'
import { keyOptions, type ContextOption } from './context-options.ts'

/** The conditions of one Condition block on one key, parsed by the engine. */
function conditions(block: Record<string, Record<string, unknown>>): Condition[] {
  const { policy } = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: block }],
    },
    'identity',
  )
  return [...(policy?.statements[0]?.conditions ?? [])]
}

/** Which conditions hold for a value: what the decision can see of it. */
function vector(conds: readonly Condition[], key: string, v: ContextOption): string {
  const ctx = new RequestContext(
    v === undefined ? {} : { [key]: v },
    describePrincipal('*'),
    undefined,
  )
  return conds.map((c) => (conditionHolds(compileCondition(c, true), ctx) ? '1' : '0')).join('')
}

function assertCovers(
  key: string,
  block: Record<string, Record<string, unknown>>,
  values: ContextOption[],
) {
  const conds = conditions(block)
  const options = keyOptions(
    key,
    conds.map((condition) => ({ condition, variables: true })),
  )
  assert.ok(options.complete)
  const seen = new Set(options.options.map((o) => vector(conds, key, o)))
  for (const v of values) {
    assert.ok(seen.has(vector(conds, key, v)), `${JSON.stringify(v)} behaves unlike every option`)
  }
}

const strings = ['', 'prod', 'Prod', 'PROD', 'production', 'dev', 'p', 'x', 'prod-1', 'a:b']
const lists = (xs: readonly string[]): string[][] => [
  [],
  ...xs.map((x) => [x]),
  ...xs.flatMap((a) => xs.map((b) => [a, b])),
]

test('string keys: every value and list behaves like one of the options', () => {
  const block = {
    StringEquals: { 'aws:ResourceTag/env': 'prod' },
    StringEqualsIgnoreCase: { 'aws:ResourceTag/env': 'PROD' },
    StringLike: { 'aws:ResourceTag/env': 'p*' },
    'ForAllValues:StringNotLike': { 'aws:ResourceTag/env': ['d?v', '*-1'] },
  }
  assertCovers('aws:ResourceTag/env', block, [undefined, ...strings, ...lists(strings.slice(0, 6))])
})

test('the empty string and empty lists, with Null and a set operator on one key', () => {
  assertCovers(
    'aws:MultiFactorAuthAge',
    {
      Null: { 'aws:MultiFactorAuthAge': 'false' },
      'ForAllValues:NumericLessThan': { 'aws:MultiFactorAuthAge': '10' },
    },
    ['', [], ['5'], ['50'], '5', '50', 'x', undefined],
  )
})

test('numbers, dates and addresses: every value falls in the class of an option', () => {
  assertCovers(
    'aws:MultiFactorAuthAge',
    {
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': ['10', '3600.5'] },
    },
    ['-1', '0', '10', '9.99', '3599', '3600', '3600.25', '3600.5', '1e9', 'abc', '', ['5', '4000']],
  )
  assertCovers(
    'aws:CurrentTime',
    {
      DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' },
      DateLessThanEquals: { 'aws:CurrentTime': '2025-06-30T12:00:00Z' },
    },
    [
      '2023-12-31T23:59:59Z',
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00.001Z',
      '2025-06-30T12:00:00Z',
      '2030-01-01T00:00:00Z',
      '1704067200',
      'soon',
    ],
  )
  assertCovers(
    'aws:SourceIp',
    {
      IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] },
      NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' },
    },
    [
      '9.255.255.255',
      '10.0.0.1',
      '10.1.2.3',
      '10.2.0.0',
      '11.0.0.0',
      '2001:db8::1',
      '2001:db9::',
      '::ffff:10.1.0.1',
      'x',
      ['10.0.0.1', '10.1.0.1'],
    ],
  )
})
