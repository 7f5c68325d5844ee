/**
 * Generates random but well-formed evaluation cases for the differential test. Every case is a
 * plausible AWS request: policies are valid for their type, context values have the type of their
 * key (multivalued keys carry arrays), and the principal's own keys match the principal.
 *
 * Values are drawn from small domains so that patterns, conditions and principals match often
 * enough to exercise every path (allow, explicit deny, implicit deny at each policy type).
 */
import type { ContextScalar, EvaluationCase, PolicySet } from '../../src/policy/types.ts'
import type { Rng } from './prng.ts'

export const ACCOUNT_A = '111111111111'
export const ACCOUNT_B = '222222222222'

type Json = Record<string, unknown>
type KeyType = 'string' | 'numeric' | 'date' | 'bool' | 'ip' | 'arn' | 'binary'

/** A condition key with the values it may take in a request and in a policy. */
interface KeySpec {
  readonly key: string
  readonly type: KeyType
  readonly multi: boolean
  /** Values a request may carry (for multivalued keys, elements). */
  readonly request: readonly ContextScalar[]
  /** Values a policy may compare with (may hold wildcards or CIDRs). */
  readonly policy: readonly string[]
}

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2']

/** Keys whose value follows from the principal; the rest are drawn from KEYS. */
const KEYS: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalTag/team',
    type: 'string',
    multi: false,
    request: ['data', 'web', 'Data', 'ops'],
    policy: ['data', 'web', 'DATA', 'd*', '*a*', 'w?b', 'ops'],
  },
  {
    key: 'aws:RequestedRegion',
    type: 'string',
    multi: false,
    request: REGIONS,
    policy: [...REGIONS, 'us-*', 'EU-WEST-1'],
  },
  {
    key: 'aws:PrincipalOrgID',
    type: 'string',
    multi: false,
    request: ['o-abc123', 'o-other'],
    policy: ['o-abc123', 'o-*', 'O-ABC123'],
  },
  {
    key: 'aws:ResourceTag/env',
    type: 'string',
    multi: false,
    request: ['prod', 'dev', ''],
    policy: ['prod', 'dev', 'p*', ''],
  },
  {
    key: 'aws:TagKeys',
    type: 'string',
    multi: true,
    request: ['env', 'team', 'cost', 'Env'],
    policy: ['env', 'team', 'cost', 'ENV', 'c*', 'te?m'],
  },
  {
    key: 'aws:PrincipalOrgPaths',
    type: 'string',
    multi: true,
    request: ['o-abc123/r-ab12/ou-ab12-11111111/', 'o-abc123/r-ab12/ou-ab12-22222222/'],
    policy: ['o-abc123/r-ab12/ou-ab12-11111111/', 'o-abc123/r-ab12/*', 'o-abc123/*/ou-ab12-2*'],
  },
  {
    key: 'aws:CalledVia',
    type: 'string',
    multi: true,
    request: ['athena.amazonaws.com', 'cloudformation.amazonaws.com'],
    policy: ['athena.amazonaws.com', '*.amazonaws.com', 'cloudformation.amazonaws.com'],
  },
  {
    key: 'aws:MultiFactorAuthAge',
    type: 'numeric',
    multi: false,
    request: [0, 30, 3600, 7200, '86400'],
    policy: ['0', '30', '3600', '3600.0', '-1', '100000'],
  },
  {
    key: 'aws:PrincipalTag/level',
    type: 'numeric',
    multi: false,
    request: ['1', '5', '10', '1.5'],
    policy: ['1', '5', '10', '1.50', '05'],
  },
  {
    key: 'aws:CurrentTime',
    type: 'date',
    multi: false,
    request: ['2026-01-01T00:00:00Z', '2025-06-30T12:00:00Z', '2026-01-01T00:00:01Z'],
    policy: [
      '2026-01-01T00:00:00Z',
      '2025-12-31T23:59:59Z',
      '2025-06-30T12:00:00Z',
      '2027-01-01T00:00:00Z',
      '1767225600',
    ],
  },
  {
    key: 'aws:EpochTime',
    type: 'date',
    multi: false,
    request: ['1767225600', '1751284800', 1767225601],
    policy: ['1767225600', '2026-01-01T00:00:00Z', '1751284800', '1800000000'],
  },
  {
    key: 'aws:SecureTransport',
    type: 'bool',
    multi: false,
    request: [true, false, 'true', 'false'],
    policy: ['true', 'false'],
  },
  {
    key: 'aws:MultiFactorAuthPresent',
    type: 'bool',
    multi: false,
    request: [true, false],
    policy: ['true', 'false'],
  },
  {
    key: 'aws:SourceIp',
    type: 'ip',
    multi: false,
    request: ['10.1.2.3', '203.0.113.9', '192.168.1.1', '2001:db8::1', '172.16.5.4'],
    policy: [
      '10.0.0.0/8',
      '203.0.113.0/24',
      '192.168.0.0/16',
      '2001:db8::/32',
      '10.1.2.3',
      '10.1.2.3/32',
      '172.16.0.0/12',
      '0.0.0.0/0',
    ],
  },
  {
    key: 'aws:SourceArn',
    type: 'arn',
    multi: false,
    request: [
      'arn:aws:sns:us-east-1:111111111111:topic-a',
      'arn:aws:sns:eu-west-1:222222222222:topic-b',
      'arn:aws:events:us-east-1:111111111111:rule/nightly',
    ],
    policy: [
      'arn:aws:sns:us-east-1:111111111111:topic-a',
      'arn:aws:sns:*:*:topic-*',
      'arn:aws:sns:*:111111111111:*',
      'arn:aws:events:us-east-1:111111111111:rule/*',
      'arn:aws:sns:us-east-1:111111111111:TOPIC-A',
    ],
  },
  {
    key: 'aws:PrincipalTag/blob',
    type: 'binary',
    multi: false,
    request: ['QUJD', 'REVG'],
    policy: ['QUJD', 'REVG', 'qujd'],
  },
]

/** Keys that follow from the principal; conditions may name them too. */
const PRINCIPAL_KEYS: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalArn',
    type: 'arn',
    multi: false,
    request: [],
    policy: [
      'arn:aws:iam::*:role/app-*',
      'arn:aws:iam::111111111111:role/app-role',
      'arn:aws:iam::*:role/OrgAdmin',
      'arn:aws:iam::111111111111:user/*',
      'arn:aws:iam::222222222222:*',
    ],
  },
  {
    key: 'aws:PrincipalAccount',
    type: 'string',
    multi: false,
    request: [],
    policy: [ACCOUNT_A, ACCOUNT_B, '1111*'],
  },
  {
    key: 'aws:username',
    type: 'string',
    multi: false,
    request: [],
    policy: ['alice', 'bob', 'Alice', 'a*'],
  },
]

const ALL_KEYS = [...KEYS, ...PRINCIPAL_KEYS]

/** Policy variables a pattern or a condition value may use. */
const VARIABLES = [
  '${aws:username}',
  '${aws:PrincipalTag/team}',
  '${aws:PrincipalAccount}',
  '${aws:RequestedRegion}',
  '${aws:ResourceTag/env}',
  "${aws:PrincipalTag/team, 'data'}",
  '${*}',
]

interface ServiceSpec {
  readonly service: string
  readonly actions: readonly string[]
  /** Resource ARNs in an account (the account is substituted). */
  readonly resources: (account: string) => string[]
  /** Resource patterns for policies in an account. */
  readonly patterns: (account: string) => string[]
  /** The service has resource-based policies. */
  readonly resourcePolicy: boolean
  /** The service is one that resource control policies apply to. */
  readonly rcp: boolean
}

const SERVICES: readonly ServiceSpec[] = [
  {
    service: 'sqs',
    actions: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'],
    resources: (a) => [
      `arn:aws:sqs:us-east-1:${a}:queue-orders`,
      `arn:aws:sqs:eu-west-1:${a}:alice-jobs`,
    ],
    patterns: (a) => [
      `arn:aws:sqs:us-east-1:${a}:queue-orders`,
      `arn:aws:sqs:*:${a}:queue-*`,
      'arn:aws:sqs:*:*:*',
      `arn:aws:sqs:*:${a}:\${aws:username}-*`,
      'arn:aws:sqs:${aws:RequestedRegion}:*:*',
      `arn:aws:sqs:us-east-1:${a}:Queue-Orders`,
      `arn:aws:sqs:*:\${aws:PrincipalAccount}:*`,
    ],
    resourcePolicy: true,
    rcp: true,
  },
  {
    service: 'dynamodb',
    actions: ['GetItem', 'PutItem', 'Query', 'DeleteItem'],
    resources: (a) => [
      `arn:aws:dynamodb:us-east-1:${a}:table/app-orders`,
      `arn:aws:dynamodb:eu-west-1:${a}:table/data`,
    ],
    patterns: (a) => [
      `arn:aws:dynamodb:*:${a}:table/app-*`,
      'arn:aws:dynamodb:*:*:table/app-?rders',
      'arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}',
      `arn:aws:dynamodb:eu-west-1:${a}:table/data`,
      'arn:aws:dynamodb:us-east-1:*:table/*',
      'arn:aws:dynamodb:*:*:table/${*}',
    ],
    resourcePolicy: true,
    rcp: true,
  },
  {
    service: 'ec2',
    actions: ['DescribeInstances', 'StartInstances', 'TerminateInstances'],
    resources: (a) => [`arn:aws:ec2:us-east-1:${a}:instance/i-0abc`],
    patterns: (a) => [
      `arn:aws:ec2:us-east-1:${a}:instance/*`,
      'arn:aws:ec2:*:*:instance/i-0a*',
      `arn:aws:ec2:*:${a}:volume/*`,
    ],
    resourcePolicy: false,
    rcp: false,
  },
  {
    service: 'secretsmanager',
    actions: ['GetSecretValue', 'PutSecretValue'],
    resources: (a) => [`arn:aws:secretsmanager:us-east-1:${a}:secret:db-pass-AbCdEf`],
    patterns: (a) => [
      `arn:aws:secretsmanager:us-east-1:${a}:secret:db-pass-??????`,
      `arn:aws:secretsmanager:*:${a}:secret:db-*`,
      'arn:aws:secretsmanager:*:*:secret:${aws:ResourceTag/env}-*',
    ],
    resourcePolicy: true,
    rcp: true,
  },
  {
    service: 'lambda',
    actions: ['InvokeFunction', 'GetFunction'],
    resources: (a) => [`arn:aws:lambda:us-east-1:${a}:function:worker`],
    patterns: (a) => [
      `arn:aws:lambda:us-east-1:${a}:function:worker`,
      `arn:aws:lambda:*:${a}:function:*`,
      'arn:aws:lambda:*:*:function:work*',
    ],
    resourcePolicy: true,
    rcp: false,
  },
]

const NAMES = ['app-role', 'OrgAdmin', 'alice', 'bob']

/** A principal in `account`, with the context keys AWS derives from it. */
function principalFor(rng: Rng, account: string) {
  const kind = rng.pick(['role', 'user', 'session'] as const)
  if (kind === 'user') {
    const name = rng.pick(['alice', 'bob'])
    const arn = `arn:aws:iam::${account}:user/${name}`
    return { arn, principalArn: arn, username: name as string | undefined }
  }
  const role = rng.pick(['app-role', 'OrgAdmin'])
  const roleArn = `arn:aws:iam::${account}:role/${role}`
  if (kind === 'role') return { arn: roleArn, principalArn: roleArn, username: undefined }
  return {
    arn: `arn:aws:sts::${account}:assumed-role/${role}/session-1`,
    principalArn: roleArn,
    username: undefined,
  }
}

/** Randomly varies the case of a string (action names are case-insensitive). */
function recase(rng: Rng, s: string): string {
  if (!rng.chance(0.15)) return s
  return rng.chance(0.5) ? s.toUpperCase() : s.toLowerCase()
}

/** Action patterns, biased towards ones that match `action`. */
function actionPatterns(rng: Rng, service: ServiceSpec, action: string): string[] {
  const [svc, name] = action.split(':') as [string, string]
  const matching = [
    action,
    `${svc}:*`,
    '*',
    `${svc}:${name.slice(0, 3)}*`,
    `${svc}:*${name.slice(-4)}`,
    `${svc}:?${name.slice(1)}`,
  ]
  const other = SERVICES.filter((s) => s !== service)
  const nonMatching = [
    `${svc}:${rng.pick(service.actions.filter((a) => `${svc}:${a}` !== action).concat('List*'))}`,
    `${rng.pick(other).service}:*`,
    `${svc}:${name}X`,
    'iam:*',
  ]
  const n = 1 + rng.int(3)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    out.push(recase(rng, rng.chance(0.6) ? rng.pick(matching) : rng.pick(nonMatching)))
  }
  return [...new Set(out)]
}

/** Resource patterns, biased towards ones that match `resource`. */
function resourcePatterns(rng: Rng, service: ServiceSpec, accounts: readonly string[]): string[] {
  const n = 1 + rng.int(2)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const roll = rng.next()
    if (roll < 0.25) out.push('*')
    else if (roll < 0.85) out.push(rng.pick(service.patterns(rng.pick(accounts))))
    else if (roll < 0.95) out.push(rng.pick(service.resources(rng.pick(accounts))))
    else out.push(rng.pick(rng.pick(SERVICES).patterns(rng.pick(accounts))))
  }
  return [...new Set(out)]
}

const OPERATORS: Record<KeyType, readonly string[]> = {
  string: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
  ],
  numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
  date: [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
  ],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals'],
  binary: ['BinaryEquals'],
}

/** One Condition block: 1–2 operators, each on 1–2 keys. */
function conditionBlock(rng: Rng): Json {
  const block: Record<string, Record<string, string | string[]>> = {}
  const operators = 1 + rng.int(2)
  for (let i = 0; i < operators; i++) {
    const spec = rng.pick(ALL_KEYS)
    let operator: string
    let values: string[]
    if (rng.chance(0.1)) {
      operator = 'Null'
      values = [rng.pick(['true', 'false'])]
    } else {
      // Mostly the key's own type; sometimes another family, which must simply not match.
      // (Only positive operators across families: the docs do not say what a negated operator
      // does with a value of the wrong type, see DIFFERENCES.md "Scope of the generator".)
      const family = rng.chance(0.9) ? spec.type : rng.pick(Object.keys(OPERATORS) as KeyType[])
      operator = rng.pick(
        family === spec.type ? OPERATORS[family] : OPERATORS[family].filter((o) => !/Not/.test(o)),
      )
      const domain = family === spec.type ? spec.policy : rng.pick(ALL_KEYS).policy
      values = rng.some(domain, 1, 3)
      if (family === 'string' && rng.chance(0.15)) values = [rng.pick(VARIABLES)]
      const qualified = spec.multi ? rng.chance(0.7) : rng.chance(0.1)
      if (qualified) operator = `${rng.pick(['ForAnyValue', 'ForAllValues'])}:${operator}`
      if (rng.chance(0.2)) operator = `${operator}IfExists`
    }
    const keys = (block[operator] ??= {})
    const keyName = rng.chance(0.1) ? spec.key.toLowerCase() : spec.key
    if (Object.keys(keys).some((k) => k.toLowerCase() === keyName.toLowerCase())) continue
    keys[keyName] = values.length === 1 && rng.chance(0.5) ? (values[0] as string) : values
  }
  return block
}

type PolicyKind = 'identity' | 'boundary' | 'scp' | 'rcp' | 'resource'

interface CaseFacts {
  readonly service: ServiceSpec
  readonly action: string
  readonly accounts: readonly string[]
  readonly principalArn: string
  readonly requestPrincipal: string
}

/** A Principal element for a resource policy statement. */
function principalElement(rng: Rng, facts: CaseFacts): unknown {
  const [a, b] = facts.accounts as [string, string]
  const values = [
    '*',
    a,
    b,
    `arn:aws:iam::${a}:root`,
    `arn:aws:iam::${b}:root`,
    facts.principalArn,
    facts.requestPrincipal,
    `arn:aws:iam::${rng.pick([a, b])}:role/${rng.pick(NAMES)}`,
    `arn:aws:iam::${rng.pick([a, b])}:user/${rng.pick(NAMES)}`,
  ]
  const roll = rng.next()
  if (roll < 0.15) return '*'
  if (roll < 0.2) return { Service: 'sns.amazonaws.com' }
  const chosen = rng.some(values, 1, 2)
  return { AWS: chosen.length === 1 ? chosen[0] : chosen }
}

function statement(rng: Rng, kind: PolicyKind, facts: CaseFacts, effect: 'Allow' | 'Deny'): Json {
  const s: Json = {}
  if (rng.chance(0.2)) s.Sid = `S${rng.int(100)}`
  s.Effect = effect
  if (kind === 'resource') {
    if (effect === 'Deny' && rng.chance(0.05)) {
      s.NotPrincipal = { AWS: `arn:aws:iam::${rng.pick(facts.accounts)}:role/${rng.pick(NAMES)}` }
    } else {
      s.Principal = principalElement(rng, facts)
    }
  }
  if (kind === 'rcp') s.Principal = '*'
  const patterns = actionPatterns(rng, facts.service, facts.action)
  const notAction = kind !== 'rcp' && rng.chance(0.15)
  s[notAction ? 'NotAction' : 'Action'] = patterns.length === 1 ? patterns[0] : patterns
  const resources = resourcePatterns(rng, facts.service, facts.accounts)
  const notResource = rng.chance(0.15)
  s[notResource ? 'NotResource' : 'Resource'] = resources.length === 1 ? resources[0] : resources
  if (rng.chance(kind === 'rcp' ? 0.8 : 0.45)) s.Condition = conditionBlock(rng)
  return s
}

function policy(rng: Rng, kind: PolicyKind, facts: CaseFacts, min: number, max: number): Json {
  const n = min + rng.int(max - min + 1)
  const denyShare = kind === 'rcp' ? 1 : kind === 'scp' ? 0.4 : 0.25
  const statements: Json[] = []
  for (let i = 0; i < n; i++) {
    statements.push(statement(rng, kind, facts, rng.chance(denyShare) ? 'Deny' : 'Allow'))
  }
  return {
    Version: '2012-10-17',
    Statement: statements.length === 1 && rng.chance(0.3) ? statements[0] : statements,
  }
}

const FULL_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
}
const RCP_FULL_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
}

/** The request context: derived keys from the principal, the rest drawn at random. */
function context(
  rng: Rng,
  principal: ReturnType<typeof principalFor>,
  account: string,
): Record<string, ContextScalar | ContextScalar[]> {
  const ctx: Record<string, ContextScalar | ContextScalar[]> = {}
  if (rng.chance(0.9)) {
    ctx['aws:PrincipalArn'] = principal.principalArn
    ctx['aws:PrincipalAccount'] = account
    if (principal.username !== undefined) ctx['aws:username'] = principal.username
  }
  for (const spec of KEYS) {
    if (!rng.chance(0.55)) continue
    if (spec.multi) ctx[spec.key] = rng.some(spec.request, 0, 3)
    else ctx[spec.key] = rng.pick(spec.request)
  }
  return ctx
}

/**
 * One random case.
 * @example
 * const c = generateCase(createRng(1))
 */
export function generateCase(rng: Rng): EvaluationCase {
  const service = rng.pick(SERVICES)
  const crossAccount = rng.chance(0.25)
  const principalAccount = crossAccount ? ACCOUNT_B : ACCOUNT_A
  const resourceAccount = ACCOUNT_A
  const principal = principalFor(rng, principalAccount)
  const action = `${service.service}:${rng.pick(service.actions)}`
  const facts: CaseFacts = {
    service,
    action,
    accounts: [ACCOUNT_A, ACCOUNT_B],
    principalArn: principal.principalArn,
    requestPrincipal: principal.arn,
  }
  const policies: {
    -readonly [K in keyof PolicySet]: PolicySet[K]
  } = {}
  if (rng.chance(0.9)) {
    policies.identity = Array.from({ length: 1 + rng.int(2) }, () =>
      policy(rng, 'identity', facts, 1, 3),
    )
  }
  if (rng.chance(0.3)) policies.permissionBoundary = [policy(rng, 'boundary', facts, 1, 2)]
  if (rng.chance(0.12) && !principal.arn.includes(':user/')) {
    policies.session = [policy(rng, 'identity', facts, 1, 2)]
  }
  if (rng.chance(0.35)) {
    const levels = 1 + rng.int(3)
    policies.scp = Array.from({ length: levels }, () => {
      const docs: Json[] = []
      if (rng.chance(0.75)) docs.push(FULL_ACCESS)
      if (docs.length === 0 || rng.chance(0.5)) docs.push(policy(rng, 'scp', facts, 1, 2))
      return docs
    })
  }
  if (service.rcp && rng.chance(0.2)) {
    const levels = 1 + rng.int(3)
    // RCPFullAWSAccess is attached at every level in AWS and cannot be detached.
    policies.rcp = Array.from({ length: levels }, () =>
      rng.chance(0.5) ? [RCP_FULL_ACCESS, policy(rng, 'rcp', facts, 1, 1)] : [RCP_FULL_ACCESS],
    )
  }
  if (service.resourcePolicy && rng.chance(crossAccount ? 0.7 : 0.4)) {
    policies.resource = policy(rng, 'resource', facts, 1, 3)
  }
  return {
    request: {
      principal: principal.arn,
      action: recase(rng, action),
      resource: rng.pick(service.resources(resourceAccount)),
      resourceAccount,
      context: context(rng, principal, principalAccount),
    },
    policies,
  }
}

/**
 * Two random policies of one kind over one small vocabulary (a service, its actions and
 * resources, two accounts, the keys above), and requests drawn from the same vocabulary: the
 * material of the custom policy checks' property test.
 * @example
 * const { first, second, requests } = generatePolicyPair(createRng(7), 'identity', 8)
 */
export function generatePolicyPair(
  rng: Rng,
  kind: 'identity' | 'resource',
  samples: number,
): { first: Json; second: Json; requests: EvaluationCase['request'][] } {
  const service = rng.pick(
    kind === 'resource' ? SERVICES.filter((s) => s.resourcePolicy) : SERVICES,
  )
  const principal = principalFor(rng, rng.chance(0.3) ? ACCOUNT_B : ACCOUNT_A)
  const facts: CaseFacts = {
    service,
    action: `${service.service}:${rng.pick(service.actions)}`,
    accounts: [ACCOUNT_A, ACCOUNT_B],
    principalArn: principal.principalArn,
    requestPrincipal: principal.arn,
  }
  const first = policy(rng, kind, facts, 1, 3)
  const second = policy(rng, kind, facts, 1, 3)
  const requests = Array.from({ length: samples }, () => {
    const account = rng.chance(0.3) ? ACCOUNT_B : ACCOUNT_A
    const p = principalFor(rng, account)
    return {
      principal: rng.chance(0.05) ? '*' : p.arn,
      action: recase(rng, `${service.service}:${rng.pick(service.actions)}`),
      resource: rng.pick(service.resources(rng.chance(0.8) ? ACCOUNT_A : ACCOUNT_B)),
      resourceAccount: ACCOUNT_A,
      context: context(rng, p, account),
    }
  })
  return { first, second, requests }
}
