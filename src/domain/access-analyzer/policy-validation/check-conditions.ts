/**
 * Condition checks: condition keys against the catalogue, operator types against key types, the
 * values each operator can compare with, qualifiers, aws:SourceIp ranges and policy variables.
 */
import { parseConditionOperator } from '../../../policy/validate/parse-condition-operator.ts'
import { hasWildcard, type CheckContext } from './check-context.ts'
import type { NodePath } from './findings.ts'
import { canonicalIfHostBits, isPrivateRange, parseIpRange } from './ip-ranges.ts'
import type { ConditionEntry, PathValue, StatementView } from './statement-view.ts'

/** Operator families, named as AWS's operator types. */
type Family = 'String' | 'Arn' | 'Numeric' | 'Date' | 'Bool' | 'IpAddress' | 'Binary' | 'Null'

function familyOf(operator: string): Family {
  if (operator.startsWith('String')) return 'String'
  if (operator.startsWith('Arn')) return 'Arn'
  if (operator.startsWith('Numeric')) return 'Numeric'
  if (operator.startsWith('Date')) return 'Date'
  if (operator === 'Bool') return 'Bool'
  if (operator.endsWith('IpAddress')) return 'IpAddress'
  if (operator === 'BinaryEquals') return 'Binary'
  return 'Null'
}

/** The operator families a documented key type may be compared with. */
const ALLOWED: Readonly<Record<string, readonly Family[]>> = {
  // ARN operators compare any text that holds an ARN (AWS's own policies use ArnLike on string
  // keys such as kms:EncryptionContext:aws:s3:arn).
  String: ['String', 'Arn'],
  ArrayOfString: ['String', 'Arn'],
  ARN: ['Arn', 'String'],
  ArrayOfARN: ['Arn', 'String'],
  Numeric: ['Numeric'],
  ArrayOfNumeric: ['Numeric'],
  Date: ['Date'],
  Bool: ['Bool'],
  ArrayOfBool: ['Bool'],
  IPAddress: ['IpAddress'],
  Binary: ['Binary'],
}
/** Keys whose documented type understates what AWS accepts. */
const EXTRA_FAMILIES: Readonly<Record<string, readonly Family[]>> = {
  'aws:epochtime': ['Numeric'],
}

const TAG_KEY_PREFIX = /^aws:(RequestTag|ResourceTag|PrincipalTag)\/?$/i
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?|-isob)?-[a-z]+-\d{1,2}$/
const VPC = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/
const VPCE = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const OIDC_KEY = /^[^:]*\.[^:]*:/

/** Runs the condition checks on every statement. */
export function checkConditions(ctx: CheckContext): void {
  for (const statement of ctx.statements) {
    checkDuplicateKeys(statement, ctx)
    for (const entry of statement.conditions) checkEntry(entry, statement, ctx)
  }
}

function checkDuplicateKeys(statement: StatementView, ctx: CheckContext): void {
  const byOperator = new Map<string, Map<string, ConditionEntry[]>>()
  for (const entry of statement.conditions) {
    const keys = byOperator.get(entry.operator) ?? new Map<string, ConditionEntry[]>()
    byOperator.set(entry.operator, keys)
    const list = keys.get(entry.key.toLowerCase()) ?? []
    list.push(entry)
    keys.set(entry.key.toLowerCase(), list)
  }
  for (const keys of byOperator.values()) {
    for (const list of keys.values()) {
      if (list.length < 2 || new Set(list.map((e) => e.key)).size < 2) continue
      ctx.out.add(
        'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
        { key: list[0]?.key ?? '' },
        list.map((e) => e.path),
      )
    }
  }
}

function checkEntry(entry: ConditionEntry, statement: StatementView, ctx: CheckContext): void {
  const { out } = ctx
  const parsed = parseConditionOperator(entry.operator)
  if (parsed === undefined) return
  const { operator, qualifier, ifExists } = parsed
  const family = familyOf(operator)
  const key = entry.key
  const lower = key.toLowerCase()
  const at: NodePath[] = [entry.path]

  // The key itself.
  let type: string | undefined
  if (lower === 'aws:arn') {
    out.add('DEPRECATED_GLOBAL_CONDITION_KEY', {}, at)
  } else if (TAG_KEY_PREFIX.test(key)) {
    const name = key.endsWith('/') ? key : `${key}/`
    out.add('MISSING_TAG_KEY_IN_CONDITION', { conditionKeyName: name }, at)
  } else if (lower.startsWith('aws:')) {
    type = ctx.catalog.conditionKey(key)?.type
    if (type === undefined) out.add('INVALID_GLOBAL_CONDITION_KEY', { key }, at)
  } else if (key.includes(':') && !OIDC_KEY.test(key)) {
    type = ctx.catalog.conditionKey(key)?.type
    const service = key.slice(0, key.indexOf(':'))
    if (type === undefined && !hasWildcard(key))
      out.add('INVALID_SERVICE_CONDITION_KEY', { key, service }, at)
  }

  // Operator against the key's type.
  if (type !== undefined && family !== 'Null') {
    const allowed = [...(ALLOWED[type] ?? []), ...(EXTRA_FAMILIES[lower] ?? [])]
    if (allowed.length > 0 && !allowed.includes(family))
      out.add('TYPE_MISMATCH', { allowed: allowed[0] ?? '', operator: entry.operator, key }, at)
  }

  // Qualifiers.
  const multivalued = type?.startsWith('ArrayOf') === true
  if (operator === 'Null' && qualifier !== undefined) out.add('NULL_WITH_QUALIFIER', {}, at)
  if (
    qualifier === 'ForAllValues' &&
    type !== undefined &&
    !multivalued &&
    statement.effect === 'Allow'
  )
    out.add('FORALLVALUES_WITH_SINGLE_VALUED_KEY', { key }, at)
  if (qualifier === undefined && multivalued && operator !== 'Null')
    out.add('MISSING_QUALIFIER', { key }, at)

  // Values.
  if (new Set(entry.kinds).size > 1) out.add('INVALID_CONDITION_DATA_TYPE', {}, at)
  if (operator === 'Bool' && qualifier === undefined && entry.values.length > 1)
    out.add('INVALID_CONDITION_MULTIPLE_BOOLEAN', {}, at)
  checkValues(entry, operator, family, ifExists, ctx)
}

function checkValues(
  entry: ConditionEntry,
  operator: string,
  family: Family,
  ifExists: boolean,
  ctx: CheckContext,
): void {
  const { out } = ctx
  const lower = entry.key.toLowerCase()
  const literal = entry.values.filter((v) => !v.value.includes('${'))
  for (const v of entry.values) checkVariables(v, out)
  if (family === 'IpAddress') {
    checkIpValues(entry, operator, literal, ctx)
    return
  }
  if (family === 'Binary') {
    for (const v of literal)
      if (!BASE64.test(v.value))
        out.add('TYPE_MISMATCH_STRING', { operator: entry.operator }, [v.path])
  }
  if (family === 'Date') {
    for (const v of literal) {
      if (/^\d+$/.test(v.value) || ISO_DATE.test(v.value)) continue
      if (!Number.isNaN(Date.parse(v.value)))
        out.add('INVALID_DATE_VALUE', { date: v.value }, [v.path])
    }
  }
  if (
    (operator === 'StringEquals' ||
      operator === 'StringNotEquals' ||
      operator === 'StringEqualsIgnoreCase' ||
      operator === 'StringNotEqualsIgnoreCase') &&
    literal.some((v) => hasWildcard(v.value))
  )
    out.add('WILDCARD_WITHOUT_LIKE_OPERATOR', {}, [entry.path])
  if (family === 'Numeric' && entry.values.length > 1 && !ifExists) {
    const less = operator.startsWith('NumericLessThan')
    const greater = operator.startsWith('NumericGreaterThan')
    if (less || greater) {
      const which = less ? 'greatest' : 'least'
      out.add(
        'REDUNDANT_CONDITION_VALUE_NUM',
        { operator: entry.operator, greatest_least: which, key: entry.key },
        [entry.path],
      )
    }
  }
  if (family !== 'String') return
  for (const v of literal) {
    if (hasWildcard(v.value)) continue
    if (lower === 'aws:requestedregion' && !REGION.test(v.value))
      out.add('INVALID_REGION', { region: v.value }, [v.path])
    if (lower === 'aws:sourcevpc' && !VPC.test(v.value)) out.add('INVALID_VPC_FORMAT', {}, [v.path])
    if (lower === 'aws:sourcevpce' && !VPCE.test(v.value))
      out.add('INVALID_VPCE_FORMAT', {}, [v.path])
  }
}

function checkIpValues(
  entry: ConditionEntry,
  operator: string,
  values: readonly PathValue[],
  ctx: CheckContext,
): void {
  let privateCount = 0
  let valid = 0
  for (const v of values) {
    const range = parseIpRange(v.value)
    if (range === undefined) {
      ctx.out.add('TYPE_MISMATCH_IP_RANGE', { operator: entry.operator }, [v.path])
      continue
    }
    valid++
    if (isPrivateRange(range)) privateCount++
    const canonical = canonicalIfHostBits(range)
    if (canonical !== undefined) ctx.out.add('IMPROVE_IP_RANGE', { addr: canonical }, [v.path])
  }
  if (entry.key.toLowerCase() !== 'aws:sourceip' || privateCount === 0) return
  const all = privateCount === valid
  const not = operator === 'NotIpAddress'
  const code = not
    ? all
      ? 'PRIVATE_NOT_IP_ADDRESS'
      : 'PRIVATE_NOT_IP_ADDRESS_SUBSET'
    : all
      ? 'PRIVATE_IP_ADDRESS'
      : 'PRIVATE_IP_ADDRESS_SUBSET'
  ctx.out.add(code, {}, [entry.path])
}

/** Policy variables: `${}` empty, spaces inside, an unquoted default value. */
export function checkVariables(v: PathValue, out: CheckContext['out']): void {
  for (const m of v.value.matchAll(/\$\{([^}]*)\}/g)) {
    const body = m[1] ?? ''
    if (body.trim() === '') {
      out.add('EMPTY_VARIABLE', {}, [v.path])
      continue
    }
    const comma = body.indexOf(',')
    const name = comma < 0 ? body : body.slice(0, comma)
    if (/\s/.test(name.trim()) || name !== name.trim())
      out.add('UNSUPPORTED_SPACE_IN_VARIABLE', {}, [v.path])
    if (comma >= 0) {
      const fallback = body.slice(comma + 1).trim()
      if (!/^'.*'$/.test(fallback)) out.add('MISSING_QUOTE_IN_VARIABLE', {}, [v.path])
    }
  }
}
