/**
 * Whether a bucket policy is public (Amazon S3 User Guide, "The meaning of 'public'"): it allows
 * a wildcard principal (or uses NotPrincipal) in some statement whose conditions do not pin the
 * request to fixed values of a key that names who or where from (an account, organization,
 * principal, source ARN, VPC, or an IP range narrower than /8).
 */

/** Condition keys whose fixed values make a wildcard grant non-public (lower case). */
const RESTRICTING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  'aws:sourceip',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
])

/** Operators that pin a key to the listed values. */
const PINNING_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'ipaddress',
])

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v])

function fixedValue(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value === '' || value.includes('*') || value.includes('?'))
    return false
  if (key === 'aws:sourceip') {
    const slash = value.indexOf('/')
    const bits = slash < 0 ? (value.includes(':') ? 128 : 32) : Number(value.slice(slash + 1))
    return value.includes(':') ? bits >= 32 : bits >= 8
  }
  return true
}

function conditionPins(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return false
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    const op = operator.toLowerCase().replace(/^for(any|all)value:/, '')
    if (op.endsWith('ifexists') || !PINNING_OPERATORS.has(op)) continue
    if (block === null || typeof block !== 'object') continue
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const k = key.toLowerCase()
      const vs = list(values)
      if (RESTRICTING_KEYS.has(k) && vs.length > 0 && vs.every((v) => fixedValue(k, v))) return true
    }
  }
  return false
}

function wildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true
  if (principal === null || typeof principal !== 'object') return false
  for (const [kind, values] of Object.entries(principal as Record<string, unknown>)) {
    if (kind === 'CanonicalUser') continue
    if (list(values).some((v) => typeof v === 'string' && v.includes('*'))) return true
  }
  return false
}

/** The policy's statements as objects (none when the JSON is not a policy). */
export function policyStatements(json: string): Record<string, unknown>[] {
  let doc: unknown
  try {
    doc = JSON.parse(json)
  } catch {
    return []
  }
  if (doc === null || typeof doc !== 'object') return []
  return list((doc as Record<string, unknown>).Statement).filter(
    (s): s is Record<string, unknown> => s !== null && typeof s === 'object',
  )
}

/** True when the bucket policy `json` grants public access. */
export function isPublicPolicy(json: string | undefined): boolean {
  if (json === undefined) return false
  for (const st of policyStatements(json)) {
    if (st.Effect !== 'Allow') continue
    if (st.NotPrincipal !== undefined) return true
    if (wildcardPrincipal(st.Principal) && !conditionPins(st.Condition)) return true
  }
  return false
}

/** The policy with its Allow statements removed (RestrictPublicBuckets for outsiders). */
export function withoutAllows(json: string): string {
  const doc = JSON.parse(json) as Record<string, unknown>
  return JSON.stringify({
    ...doc,
    Statement: policyStatements(json).filter((s) => s.Effect !== 'Allow'),
  })
}
