import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describePrincipal } from '../principal-info.ts'
import { RequestContext } from '../request-context.ts'
import type { Condition, ConditionOperator, ContextInput, SetQualifier } from '../types.ts'
import { compileCondition, conditionHolds } from './compile-condition.ts'

/** Builds a Condition from an operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
function condition(raw: string, key: string, values: string[]): Condition {
  let rest = raw
  let qualifier: SetQualifier | undefined
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q
      rest = rest.slice(q.length + 1)
    }
  }
  const ifExists = rest.endsWith('IfExists')
  if (ifExists) rest = rest.slice(0, -'IfExists'.length)
  return { raw, operator: rest as ConditionOperator, qualifier, ifExists, key, values }
}

const principal = describePrincipal('arn:aws:iam::111111111111:user/alice')
const ctx = (context: ContextInput) => new RequestContext(context, principal, '111111111111')

type Row = [op: string, key: string, values: string[], context: ContextInput, expected: boolean]

function table(name: string, rows: Row[], variables = true): void {
  describe(name, () => {
    for (const [op, key, values, context, expected] of rows) {
      it(`${op} ${key} ${JSON.stringify(values)} with ${JSON.stringify(context)} is ${expected}`, () => {
        assert.equal(
          conditionHolds(compileCondition(condition(op, key, values), variables), ctx(context)),
          expected,
        )
      })
    }
  })
}

table('string operators', [
  ['StringEquals', 'k', ['a', 'b'], { k: 'b' }, true],
  ['StringEquals', 'k', ['a'], { k: 'A' }, false],
  ['StringEquals', 'k', ['a'], {}, false],
  ['StringNotEquals', 'k', ['a'], { k: 'b' }, true],
  ['StringNotEquals', 'k', ['a', 'b'], { k: 'b' }, false],
  ['StringNotEquals', 'k', ['a'], {}, true],
  ['StringEqualsIgnoreCase', 'k', ['Abc'], { k: 'aBC' }, true],
  ['StringNotEqualsIgnoreCase', 'k', ['Abc'], { k: 'aBC' }, false],
  ['StringLike', 'k', ['home/*'], { k: 'home/x/y' }, true],
  ['StringLike', 'k', ['home/?'], { k: 'home/xy' }, false],
  ['StringLike', 'k', ['Home/*'], { k: 'home/x' }, false],
  ['StringNotLike', 'k', ['a*'], { k: 'bcd' }, true],
  ['StringNotLike', 'k', ['a*'], {}, true],
  ['StringEquals', 'aws:SourceVpc', ['vpc-1'], { 'AWS:SOURCEVPC': 'vpc-1' }, true],
])

table('numeric operators', [
  ['NumericEquals', 'n', ['10'], { n: 10 }, true],
  ['NumericEquals', 'n', ['10'], { n: '10.0' }, true],
  ['NumericEquals', 'n', ['10'], { n: 'ten' }, false],
  ['NumericNotEquals', 'n', ['10'], { n: 11 }, true],
  ['NumericNotEquals', 'n', ['10'], {}, true],
  ['NumericLessThan', 'n', ['10'], { n: 9 }, true],
  ['NumericLessThan', 'n', ['10'], { n: 10 }, false],
  ['NumericLessThanEquals', 'n', ['10'], { n: 10 }, true],
  ['NumericGreaterThan', 'n', ['10'], { n: 10.5 }, true],
  ['NumericGreaterThanEquals', 'n', ['10'], { n: 9 }, false],
  ['NumericLessThan', 'n', ['10'], {}, false],
])

table('date operators', [
  [
    'DateLessThan',
    'aws:CurrentTime',
    ['2026-01-01T00:00:00Z'],
    { 'aws:CurrentTime': '2025-12-31T23:59:59Z' },
    true,
  ],
  [
    'DateLessThan',
    'aws:CurrentTime',
    ['2026-01-01T00:00:00Z'],
    { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
    false,
  ],
  ['DateGreaterThanEquals', 't', ['1767225600'], { t: '2026-01-01T00:00:00Z' }, true],
  ['DateEquals', 't', ['2026-01-01T00:00:00Z'], { t: 1767225600 }, true],
  ['DateNotEquals', 't', ['2026-01-01T00:00:00Z'], {}, true],
  ['DateGreaterThan', 't', ['2026-01-01T00:00:00Z'], { t: 'not a date' }, false],
])

table('bool, binary and null', [
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': true }, true],
  ['Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'TRUE' }, false],
  ['Bool', 'aws:SecureTransport', ['false'], {}, false],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['false'], {}, true],
  ['BinaryEquals', 'k', ['QmluYXJ5'], { k: 'QmluYXJ5' }, true],
  ['BinaryEquals', 'k', ['QmluYXJ5'], { k: 'QmluYXJ6' }, false],
  ['Null', 'k', ['true'], {}, true],
  ['Null', 'k', ['true'], { k: 'x' }, false],
  ['Null', 'k', ['false'], { k: 'x' }, true],
  ['Null', 'k', ['false'], {}, false],
])

table('IP address operators', [
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8'], { 'aws:SourceIp': '10.1.2.3' }, true],
  [
    'IpAddress',
    'aws:SourceIp',
    ['10.0.0.0/8', '2001:db8::/32'],
    { 'aws:SourceIp': '2001:db8::1' },
    true,
  ],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8'], { 'aws:SourceIp': '11.1.2.3' }, false],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8'], {}, false],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8'], { 'aws:SourceIp': '11.1.2.3' }, true],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8'], { 'aws:SourceIp': '10.1.2.3' }, false],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8'], {}, true],
])

table('ARN operators', [
  [
    'ArnLike',
    'aws:SourceArn',
    ['arn:aws:s3:::bucket-*'],
    { 'aws:SourceArn': 'arn:aws:s3:::bucket-1' },
    true,
  ],
  [
    'ArnEquals',
    'aws:PrincipalArn',
    ['arn:aws:iam::*:role/OrgAdmin'],
    { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/OrgAdmin' },
    true,
  ],
  ['ArnLike', 'k', ['arn:aws:iam::*:role/x'], { k: 'arn:aws:iam::1:2:role/x' }, false],
  [
    'ArnNotLike',
    'aws:PrincipalArn',
    ['arn:aws:iam::*:role/OrgAdmin'],
    { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' },
    true,
  ],
  ['ArnNotEquals', 'k', ['arn:aws:s3:::b'], {}, true],
  ['ArnLike', 'k', ['arn:aws:s3:::b'], {}, false],
])

table('IfExists', [
  ['StringEqualsIfExists', 'k', ['a'], {}, true],
  ['StringEqualsIfExists', 'k', ['a'], { k: 'b' }, false],
  ['StringNotEqualsIfExists', 'k', ['a'], { k: 'a' }, false],
  ['NumericLessThanIfExists', 'n', ['5'], {}, true],
])

table('set qualifiers', [
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['a'] }, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['a', 'c'] }, false],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a'], {}, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': [] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['b', 'a'] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['b'] }, false],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], {}, false],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': [] }, false],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['b', 'c'] }, true],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['b', 'a'] }, false],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['a', 'b'] }, true],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['a'] }, false],
  [
    'ForAnyValue:StringLike',
    'aws:TagKeys',
    ['env*'],
    { 'aws:TagKeys': ['owner', 'environment'] },
    true,
  ],
  [
    'ForAllValues:StringLike',
    'aws:TagKeys',
    ['env*', 'team'],
    { 'aws:TagKeys': ['team', 'envx'] },
    true,
  ],
])

table('policy variables', [
  [
    'StringEquals',
    'aws:PrincipalTag/team',
    ['${aws:username}'],
    { 'aws:PrincipalTag/team': 'alice' },
    true,
  ],
  ['StringLike', 's3:prefix', ['home/${aws:username}/*'], { 's3:prefix': 'home/alice/docs' }, true],
  ['StringLike', 's3:prefix', ['home/${aws:username}/*'], { 's3:prefix': 'home/bob/docs' }, false],
  ['StringEquals', 'k', ['${missing:key}'], { k: '' }, false],
  ['StringNotEquals', 'k', ['${missing:key}'], { k: 'x' }, true],
  ['StringEquals', 'k', ["${missing:key, 'fallback'}"], { k: 'fallback' }, true],
  ['StringEquals', 'k', ['a${*}b'], { k: 'a*b' }, true],
  ['StringLike', 'k', ['a${*}b'], { k: 'axxb' }, false],
  ['StringLike', 'k', ['a${?}${$}'], { k: 'a?$' }, true],
  ['StringLike', 'k', ['${aws:username}'], { k: 'al*', 'aws:username': 'al*' }, true],
  ['StringLike', 'k', ['${aws:username}'], { k: 'alx', 'aws:username': 'al*' }, false],
])

table(
  'variables are literal text in version 2008-10-17',
  [
    ['StringEquals', 'k', ['${aws:username}'], { k: '${aws:username}' }, true],
    ['StringEquals', 'k', ['${aws:username}'], { k: 'alice' }, false],
  ],
  false,
)

table('multivalued keys without a set operator', [
  ['StringEquals', 'k', ['a'], { k: ['b', 'a'] }, true],
  ['StringNotEquals', 'k', ['a'], { k: ['b', 'a'] }, false],
  ['StringNotEquals', 'k', ['a'], { k: ['b', 'c'] }, true],
])
