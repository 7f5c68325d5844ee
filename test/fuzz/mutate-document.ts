/**
 * Random and mutated policy documents and requests for the fuzz test. Documents start from
 * well-formed seeds (the differential generator's policies and a few hand-written ones covering
 * every element) and receive 1–4 mutations; some are pure junk, some are JSON text, whole or cut.
 */
import type { ContextScalar, Request } from '../../src/policy/types.ts'
import type { Rng } from '../differential/prng.ts'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Strings that have tripped parsers and matchers elsewhere. */
const NASTY_STRINGS = [
  '',
  ' ',
  '*',
  '?',
  '**',
  '${',
  '${aws:username',
  '${}',
  '${*}${?}${$}',
  "${aws:PrincipalTag/x, 'default'}",
  '${aws:PrincipalTag/x, default}',
  'arn:aws:s3:::',
  'arn:aws',
  'arn:::::',
  'arn:aws:iam::123:role/x',
  'arn:aws:iam::111111111111:root',
  's3:',
  ':',
  's3:Get*Object?',
  '10.0.0.0/33',
  '10.0.0.0/-1',
  '::/0',
  '2001:db8::/129',
  '1.2.3.4/',
  '999.1.1.1',
  '2026-13-45T25:61:61Z',
  '2026-01-01',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '  12  ',
  'true ',
  'TRUE',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '\u0000',
  '\uD800',
  'é',
  '🙂🙂🙂',
  '\\*',
  '.*',
  '(a+)+$',
  'a'.repeat(5000),
  '*'.repeat(200),
  '?*'.repeat(100) + 'x',
  'ForAnyValue:',
  'ForAllValues:StringLikeIfExists',
  'StringLikeIfExistsIfExists',
  'Null',
]

const KEY_NAMES = [
  'Version',
  'Id',
  'Statement',
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
  'AWS',
  'Service',
  'Federated',
  'CanonicalUser',
  'effect',
  'STATEMENT',
  '__proto__',
  'constructor',
  'aws:SourceIp',
  'StringEquals',
  'ForAnyValue:StringLike',
  'NumericLessThanIfExists',
  'Bool',
  'IpAddress',
  'DateGreaterThan',
  'ArnLike',
  'BinaryEquals',
  'Null',
  'Extra',
]

/** Hand-written seeds reaching elements the differential generator does not write. */
export const HAND_SEEDS: readonly Json[] = [
  {
    Version: '2012-10-17',
    Id: 'trust',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          AWS: ['arn:aws:iam::111111111111:root', '222222222222'],
          Service: 'ec2.amazonaws.com',
          Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
        },
        Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Condition: {
          StringEquals: { 'sts:ExternalId': 'x', 'token.actions.githubusercontent.com:aud': 'sts' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/*' },
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
        },
      },
    ],
  },
  {
    Version: '2008-10-17',
    Statement: {
      Effect: 'Deny',
      NotPrincipal: { AWS: 'arn:aws:iam::111111111111:user/admin', CanonicalUser: 'abc123' },
      NotAction: 's3:Get*',
      NotResource: ['arn:aws:s3:::b/${aws:username}/*'],
      Condition: {
        'ForAllValues:StringEqualsIgnoreCase': { 'aws:TagKeys': ['a', 'B'] },
        'ForAnyValue:ArnNotLikeIfExists': { 'aws:SourceArn': 'arn:aws:sns:*:*:t' },
        DateLessThanEquals: { 'aws:CurrentTime': ['2026-01-01T00:00:00Z', 1767225600] },
        NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] },
        BinaryEquals: { 'aws:PrincipalTag/b': 'QUJD' },
        Null: { 'aws:TokenIssueTime': true },
        StringNotLikeIfExists: { 'aws:userid': '*:${aws:username}' },
      },
    },
  },
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*', Resource: 'arn:aws:s3:::*/*' },
    ],
  },
]

/** Sets an own property, as JSON.parse does, even for `__proto__`. */
function put(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A random JSON value, up to `depth` levels deep. */
export function junk(rng: Rng, depth = 3): Json {
  const roll = rng.int(depth <= 0 ? 5 : 8)
  switch (roll) {
    case 0:
      return null
    case 1:
      return rng.chance(0.5)
    case 2:
      return rng.pick([0, -1, 1.5, Number('1e309'), -1e-7, 2 ** 53, Number.MAX_SAFE_INTEGER, 42])
    case 3:
    case 4:
      return rng.pick(NASTY_STRINGS)
    case 5:
      return Array.from({ length: rng.int(4) }, () => junk(rng, depth - 1))
    default: {
      const o: { [key: string]: Json } = {}
      for (let i = rng.int(4); i > 0; i--) put(o, rng.pick(KEY_NAMES), junk(rng, depth - 1))
      return o
    }
  }
}

/** Every path to a node of a JSON tree (the root is the empty path). */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix)
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out))
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out)
  }
  return out
}

function mutateString(rng: Rng, s: string): string {
  switch (rng.int(6)) {
    case 0:
      return s.slice(0, rng.int(s.length + 1))
    case 1:
      return s + rng.pick(['*', '?', '${aws:username}', '/', ':', '${'])
    case 2: {
      const i = rng.int(s.length + 1)
      return s.slice(0, i) + rng.pick(NASTY_STRINGS) + s.slice(i)
    }
    case 3:
      return s.toUpperCase()
    case 4:
      return s.replaceAll(':', rng.pick(['', '::', '/']))
    default:
      return rng.pick(NASTY_STRINGS)
  }
}

/** One mutation of the node at a random path, in place on a copy. */
function mutateOnce(rng: Rng, doc: Json): Json {
  const all = paths(doc)
  const path = rng.pick(all)
  const replace = (node: Json): Json => {
    switch (rng.int(9)) {
      case 0:
        return junk(rng, 2)
      case 1:
        return [node]
      case 2:
        return Array.isArray(node) ? (node[0] ?? null) : node
      case 3:
        return typeof node === 'string' ? mutateString(rng, node) : node
      case 4:
        return typeof node === 'string' && /^-?\d/.test(node) ? Number(node) : String(node)
      case 5:
        return Array.isArray(node) ? [...node, ...node] : node
      case 6:
        return Array.isArray(node) ? [] : node !== null && typeof node === 'object' ? {} : node
      default:
        return typeof node === 'string' ? mutateString(rng, node) : junk(rng, 1)
    }
  }
  if (path.length === 0) return replace(doc)
  const copy = structuredClone(doc)
  let parent = copy as Record<string | number, Json>
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>
  const last = path[path.length - 1] as string | number
  const roll = rng.int(5)
  if (roll === 0 && !Array.isArray(parent)) {
    delete parent[last] // drop a key
  } else if (roll === 1 && !Array.isArray(parent)) {
    const value = parent[last] as Json
    delete parent[last]
    put(parent, rng.chance(0.5) ? String(last).toLowerCase() : rng.pick(KEY_NAMES), value) // rename
  } else {
    parent[last] = replace(parent[last] as Json)
  }
  return copy
}

/** A document for the fuzz test: mutated seed, pure junk, or JSON text. */
export function fuzzDocument(rng: Rng, seeds: readonly Json[]): unknown {
  const roll = rng.next()
  if (roll < 0.08) return junk(rng, 4)
  let doc = rng.pick(seeds)
  for (let i = 1 + rng.int(4); i > 0; i--) doc = mutateOnce(rng, doc)
  if (roll < 0.16) {
    const text = JSON.stringify(doc) ?? 'undefined'
    return rng.chance(0.5) ? text : text.slice(0, rng.int(text.length + 1))
  }
  return doc
}

const PRINCIPALS = [
  'arn:aws:iam::111111111111:role/app',
  'arn:aws:sts::111111111111:assumed-role/app/s',
  'arn:aws:iam::222222222222:user/alice',
  'arn:aws:sts::222222222222:federated-user/bob',
  'arn:aws:iam::111111111111:root',
  'ec2.amazonaws.com',
  '*',
  '',
  'not-an-arn',
  'arn:aws:iam::123:role/x',
]
const ACTIONS = ['s3:GetObject', 'sts:AssumeRole', 'SQS:SendMessage', 'iam:*', '', 's3:', ':', '*']
const RESOURCES = [
  'arn:aws:s3:::bucket/key',
  'arn:aws:sqs:us-east-1:111111111111:q',
  'arn:aws:iam::111111111111:role/app',
  '*',
  '',
  'arn:aws:s3:::',
  'bucket/key',
]

/** A type-correct request with adversarial contents. */
export function fuzzRequest(rng: Rng): Request {
  const context: Record<string, ContextScalar | ContextScalar[]> = {}
  for (let i = rng.int(6); i > 0; i--) {
    const key = rng.pick([
      'aws:SourceIp',
      'aws:username',
      'aws:PrincipalTag/team',
      'aws:TagKeys',
      'aws:CurrentTime',
      'aws:MultiFactorAuthAge',
      'aws:SecureTransport',
      'AWS:SOURCEIP',
      '__proto__',
      'constructor',
      rng.pick(NASTY_STRINGS),
    ])
    const scalar = (): ContextScalar =>
      rng.pick<ContextScalar>([
        rng.pick(NASTY_STRINGS),
        '10.1.2.3',
        '2001:db8::1',
        '2026-01-01T00:00:00Z',
        1767225600,
        Number.NaN,
        -0,
        true,
        false,
        'data',
      ])
    put(context, key, rng.chance(0.3) ? Array.from({ length: rng.int(4) }, scalar) : scalar())
  }
  const request: {
    principal: string
    action: string
    resource: string
    resourceAccount?: string
    context: typeof context
    managementAccount?: string
  } = {
    principal: rng.pick(PRINCIPALS),
    action: rng.pick(ACTIONS),
    resource: rng.pick(RESOURCES),
    context,
  }
  if (rng.chance(0.5)) request.resourceAccount = rng.pick(['111111111111', '222222222222', 'x'])
  if (rng.chance(0.1)) request.managementAccount = '111111111111'
  return request
}
