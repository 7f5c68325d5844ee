/**
 * The machine-readable allow-list of documented differences between our engine and
 * iam-simulate. Each entry is explained, with the AWS documentation that decides it, under its
 * `section` heading in `test/conformance/DIFFERENCES.md`. Each entry is narrow: it names the
 * decision pairs it excuses, a predicate over the case that recognises the construct at issue,
 * an example it excuses and a counter-example (the same case without the construct) on which the
 * engines agree — the differential test checks all of that.
 */
import type { Decision, EvaluationCase, PolicyInput } from '../../src/policy/types.ts'
import {
  contextVariables,
  resourceAccountOf,
  withAlwaysPresentKeys,
} from './iam-simulate-oracle.ts'

export interface KnownDifference {
  readonly id: string
  /** The heading in DIFFERENCES.md that quotes the AWS documentation. */
  readonly section: string
  /** The (ours, iam-simulate) decision pairs this difference produces. */
  readonly decisions: readonly (readonly [ours: Decision, oracle: Decision])[]
  /** True when the case holds the construct on which the engines part. */
  readonly applies: (c: EvaluationCase) => boolean
  readonly example: EvaluationCase
  readonly counterExample: EvaluationCase
}

type Json = Record<string, unknown>

interface FlatCondition {
  readonly operator: string
  readonly qualifier: string | undefined
  readonly ifExists: boolean
  readonly key: string
  readonly values: readonly string[]
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])

/** Every statement of every policy in the case. */
function statements(c: EvaluationCase): Json[] {
  const p = c.policies
  const docs: PolicyInput[] = [
    ...(p.identity ?? []),
    ...(p.permissionBoundary ?? []),
    ...(p.session ?? []),
    ...(p.scp ?? []).flat(),
    ...(p.rcp ?? []).flat(),
    ...(p.resource === undefined ? [] : [p.resource]),
  ]
  return docs.flatMap((d) => list((d as Json).Statement) as Json[])
}

function conditions(s: Json): FlatCondition[] {
  const out: FlatCondition[] = []
  for (const [raw, block] of Object.entries((s.Condition ?? {}) as Json)) {
    const m = /^(?:(ForAnyValue|ForAllValues):)?(.*?)(IfExists)?$/.exec(raw) as RegExpExecArray
    for (const [key, values] of Object.entries(block as Json)) {
      out.push({
        operator: m[2] as string,
        qualifier: m[1],
        ifExists: m[3] !== undefined,
        key,
        values: list(values).map(String),
      })
    }
  }
  return out
}

/** The request context as AWS would hold it (keys every signed request carries filled in). */
function contextOf(c: EvaluationCase): Map<string, string | string[]> {
  const ctx = withAlwaysPresentKeys(
    c.request.principal,
    resourceAccountOf(c),
    contextVariables(c.request.context),
  )
  return new Map(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), v]))
}

/** The keys named by the policy variables in a string (`${key}` or `${key, 'default'}`). */
function variableKeys(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)]
    .map((m) => (m[1] as string).split(',')[0]?.trim() ?? '')
    .filter((k) => k.includes(':'))
}

function hasDefault(text: string): boolean {
  return /\$\{[^}]*,\s*'[^']*'\s*\}/.test(text)
}

/** A variable in the string names a key that has no value in the request. */
function usesMissingVariable(text: string, ctx: Map<string, string | string[]>): boolean {
  if (hasDefault(text)) return false
  return variableKeys(text).some((k) => {
    const v = ctx.get(k.toLowerCase())
    return v === undefined || Array.isArray(v)
  })
}

const resourcePatterns = (s: Json): { not: boolean; pattern: string }[] => [
  ...list(s.Resource).map((p) => ({ not: false, pattern: String(p) })),
  ...list(s.NotResource).map((p) => ({ not: true, pattern: String(p) })),
]

const isIpv6 = (v: string) => v.includes(':')

// ---------------------------------------------------------------------------------------------
// Examples

const A = '111111111111'
function identityCase(
  statement: Json,
  context: Record<string, string | string[]>,
  resource = `arn:aws:sqs:us-east-1:${A}:queue-orders`,
): EvaluationCase {
  return {
    request: {
      principal: `arn:aws:iam::${A}:role/app-role`,
      action: 'sqs:SendMessage',
      resource,
      resourceAccount: A,
      context,
    },
    policies: {
      identity: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
            { Effect: 'Deny', Action: 'sqs:SendMessage', ...statement },
          ],
        },
      ],
    },
  }
}

const DENY_ALLOW_PAIRS = [
  ['ExplicitlyDenied', 'ImplicitlyDenied'],
  ['ExplicitlyDenied', 'Allowed'],
  ['Allowed', 'ImplicitlyDenied'],
  ['ImplicitlyDenied', 'ExplicitlyDenied'],
  ['Allowed', 'ExplicitlyDenied'],
  ['ImplicitlyDenied', 'Allowed'],
] as const

/** A role session (with a boundary allowing `boundaryAction`, if given) and a queue policy for everyone. */
function wildcardGrantCase(boundaryAction: string | undefined): EvaluationCase {
  const boundary = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: boundaryAction, Resource: '*' }],
  }
  return {
    request: {
      principal: `arn:aws:sts::${A}:assumed-role/app-role/s1`,
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:us-east-1:${A}:queue-orders`,
      resourceAccount: A,
    },
    policies: {
      ...(boundaryAction === undefined ? {} : { permissionBoundary: [boundary] }),
      resource: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }],
      },
    },
  }
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'principal-wildcard-limited-by-boundary',
    section: 'A resource-based policy that allows every principal, and a permissions boundary',
    decisions: [['ImplicitlyDenied', 'Allowed']],
    applies: (c) => {
      const principal = c.request.principal
      const account = principal.split(':')[4]
      if (c.policies.permissionBoundary === undefined || account !== resourceAccountOf(c))
        return false
      const resource = c.policies.resource as Json | undefined
      return list(resource?.Statement).some((st) => {
        const s = st as Json
        const p = s.Principal as Json | string | undefined
        return (
          s.Effect === 'Allow' &&
          (p === '*' || (typeof p === 'object' && list(p.AWS).includes('*')))
        )
      })
    },
    example: wildcardGrantCase('ec2:*'),
    counterExample: wildcardGrantCase(undefined),
  },
  {
    id: 'set-operator-ifexists-missing-key',
    section: 'IfExists with a set operator, key absent',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      return statements(c).some((s) =>
        conditions(s).some(
          (k) =>
            k.qualifier === 'ForAnyValue' &&
            k.ifExists &&
            (ctx.get(k.key.toLowerCase()) === undefined ||
              (ctx.get(k.key.toLowerCase()) as string[]).length === 0),
        ),
      )
    },
    example: identityCase(
      { Resource: '*', Condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'x' } } },
      {},
    ),
    counterExample: identityCase(
      { Resource: '*', Condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'x' } } },
      { 'aws:TagKeys': ['y'] },
    ),
  },
  {
    id: 'negated-operator-variable-without-value',
    section: 'Negated operator against a policy variable with no value',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      return statements(c).some((s) =>
        conditions(s).some(
          (k) =>
            /^(String|Arn)Not/.test(k.operator) &&
            k.values.some((v) => usesMissingVariable(v, ctx)),
        ),
      )
    },
    example: identityCase(
      {
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': '${aws:PrincipalTag/x}' } },
      },
      { 'aws:RequestedRegion': 'us-east-1' },
    ),
    counterExample: identityCase(
      {
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': '${aws:PrincipalTag/x}' } },
      },
      { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalTag/x': 'eu-west-1' },
    ),
  },
  {
    id: 'notresource-variable-without-value',
    section: 'NotResource with a policy variable that has no value',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      return statements(c).some((s) =>
        resourcePatterns(s).some((r) => r.not && usesMissingVariable(r.pattern, ctx)),
      )
    },
    example: {
      request: {
        principal: `arn:aws:iam::${A}:user/alice`,
        action: 'dynamodb:DeleteItem',
        resource: `arn:aws:dynamodb:us-east-1:${A}:table/app-orders`,
        resourceAccount: A,
        context: {},
      },
      policies: {
        identity: [
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Action: 'dynamodb:*',
                NotResource: 'arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}',
              },
            ],
          },
        ],
      },
    },
    counterExample: {
      request: {
        principal: `arn:aws:iam::${A}:user/alice`,
        action: 'dynamodb:DeleteItem',
        resource: `arn:aws:dynamodb:us-east-1:${A}:table/app-orders`,
        resourceAccount: A,
        context: {},
      },
      policies: {
        identity: [
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Action: 'dynamodb:*',
                NotResource: 'arn:aws:dynamodb:*:*:table/other',
              },
            ],
          },
        ],
      },
    },
  },
  {
    id: 'variable-in-resource',
    section: 'Policy variables in Resource and NotResource',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      return statements(c).some((s) =>
        resourcePatterns(s).some(
          (r) => r.pattern.includes('${') && !usesMissingVariable(r.pattern, ctx),
        ),
      )
    },
    example: identityCase({ Resource: `arn:aws:sqs:*:\${aws:PrincipalAccount}:*` }, {}),
    counterExample: identityCase({ Resource: `arn:aws:sqs:*:${A}:*` }, {}),
  },
  {
    id: 'date-epoch-and-iso-mixed',
    section: 'Dates written in epoch time and in ISO 8601',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      const epoch = (v: string) => /^\d+$/.test(v)
      return statements(c).some((s) =>
        conditions(s).some((k) => {
          const v = ctx.get(k.key.toLowerCase())
          if (!k.operator.startsWith('Date') || v === undefined) return false
          const date = (x: string) => epoch(x) || /^\d{4}-\d{2}-\d{2}/.test(x)
          return list(v).some((x) =>
            k.values.some((p) => date(String(x)) && date(p) && epoch(String(x)) !== epoch(p)),
          )
        }),
      )
    },
    example: identityCase(
      { Resource: '*', Condition: { DateEquals: { 'aws:EpochTime': '2026-01-01T00:00:00Z' } } },
      { 'aws:EpochTime': '1767225600' },
    ),
    counterExample: identityCase(
      { Resource: '*', Condition: { DateEquals: { 'aws:EpochTime': '1767225600' } } },
      { 'aws:EpochTime': '1767225600' },
    ),
  },
  {
    id: 'date-operator-non-date-value',
    section: 'Date operators on a value that is not a date',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      const date = (v: string) => /^\d+$/.test(v) || /^\d{4}-\d{2}-\d{2}/.test(v)
      return statements(c).some((s) =>
        conditions(s).some((k) => {
          const v = ctx.get(k.key.toLowerCase())
          if (!k.operator.startsWith('Date') || v === undefined) return false
          return list(v).some((x) => !date(String(x))) || k.values.some((p) => !date(p))
        }),
      )
    },
    example: identityCase(
      { Resource: '*', Condition: { DateGreaterThanEquals: { 'aws:RequestedRegion': '5' } } },
      { 'aws:RequestedRegion': 'eu-west-1' },
    ),
    counterExample: identityCase(
      { Resource: '*', Condition: { DateGreaterThanEquals: { 'aws:CurrentTime': '2030-01-01' } } },
      { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
    ),
  },
  {
    id: 'resource-policy-names-the-session',
    section: 'A resource-based policy that names the session',
    decisions: [['Allowed', 'ImplicitlyDenied']],
    applies: (c) => {
      const session = c.request.principal
      if (!session.includes(':assumed-role/') || c.policies.session === undefined) return false
      const resource = c.policies.resource as Json | undefined
      return list(resource?.Statement).some((st) => {
        const s = st as Json
        const p = s.Principal as Json | undefined
        return s.Effect === 'Allow' && typeof p === 'object' && list(p.AWS).includes(session)
      })
    },
    example: {
      request: {
        principal: `arn:aws:sts::${A}:assumed-role/app-role/s1`,
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:us-east-1:${A}:queue-orders`,
        resourceAccount: A,
      },
      policies: {
        session: [
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }],
          },
        ],
        resource: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:sts::${A}:assumed-role/app-role/s1` },
              Action: 'sqs:SendMessage',
              Resource: '*',
            },
          ],
        },
      },
    },
    counterExample: {
      request: {
        principal: `arn:aws:sts::${A}:assumed-role/app-role/s1`,
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:us-east-1:${A}:queue-orders`,
        resourceAccount: A,
      },
      policies: {
        session: [
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
          },
        ],
        resource: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${A}:role/app-role` },
              Action: 'sqs:SendMessage',
              Resource: '*',
            },
          ],
        },
      },
    },
  },
  {
    id: 'empty-multivalued-key',
    section: 'A multivalued key with an empty list of values',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      return statements(c).some((s) =>
        conditions(s).some((k) => {
          const v = ctx.get(k.key.toLowerCase())
          return (
            Array.isArray(v) &&
            v.length === 0 &&
            (k.operator === 'Null' || k.qualifier === undefined)
          )
        }),
      )
    },
    example: identityCase(
      { Resource: '*', Condition: { Null: { 'aws:TagKeys': 'true' } } },
      { 'aws:TagKeys': [] },
    ),
    counterExample: identityCase(
      { Resource: '*', Condition: { Null: { 'aws:TagKeys': 'true' } } },
      { 'aws:TagKeys': ['a'] },
    ),
  },
  {
    id: 'unqualified-operator-on-multivalued-key',
    section: 'Operator without a set operator on a multivalued key',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      return statements(c).some((s) =>
        conditions(s).some(
          (k) =>
            k.qualifier === undefined &&
            k.operator !== 'Null' &&
            Array.isArray(ctx.get(k.key.toLowerCase())),
        ),
      )
    },
    example: identityCase(
      { Resource: '*', Condition: { StringEquals: { 'aws:TagKeys': 'a' } } },
      { 'aws:TagKeys': ['a'] },
    ),
    counterExample: identityCase(
      { Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } } },
      { 'aws:TagKeys': ['a'] },
    ),
  },
  {
    id: 'ip-zero-prefix',
    section: 'IP ranges with a prefix length of 0',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) =>
      statements(c).some((s) =>
        conditions(s).some(
          (k) => /IpAddress$/.test(k.operator) && k.values.some((v) => /\/0$/.test(v)),
        ),
      ),
    example: identityCase(
      { Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
      { 'aws:SourceIp': '203.0.113.9' },
    ),
    counterExample: identityCase(
      { Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } },
      { 'aws:SourceIp': '10.0.0.1' },
    ),
  },
  {
    id: 'not-ip-address-other-family',
    section: 'NotIpAddress with an address of the other IP version',
    decisions: DENY_ALLOW_PAIRS,
    applies: (c) => {
      const ctx = contextOf(c)
      return statements(c).some((s) =>
        conditions(s).some((k) => {
          const v = ctx.get(k.key.toLowerCase())
          if (k.operator !== 'NotIpAddress' || v === undefined) return false
          return list(v).some((ip) =>
            k.values.some((cidr) => !cidr.includes('/') && isIpv6(String(ip)) !== isIpv6(cidr)),
          )
        }),
      )
    },
    example: identityCase(
      { Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.1.2.3' } } },
      { 'aws:SourceIp': '2001:db8::1' },
    ),
    counterExample: identityCase(
      { Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      { 'aws:SourceIp': '2001:db8::1' },
    ),
  },
]
