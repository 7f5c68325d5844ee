import type { Policy, PolicyType, PolicyVersion, Problem, Statement } from './types.ts'
import { childPath, indexPath } from './validate/json-path.ts'
import { isRecord, type ParseContext } from './validate/parse-context.ts'
import { parseStatement } from './validate/parse-statement.ts'
import { POLICY_SIZE_LIMITS } from './validate/policy-size-limits.ts'
import { POLICY_TYPE_RULES } from './validate/policy-type-rules.ts'
import { ProblemCollector } from './validate/problem-collector.ts'
import { scanJsonText } from './validate/scan-json-text.ts'

/** The outcome of parsing one policy document. */
export interface ParseResult {
  /**
   * The parsed policy, or undefined when it cannot be evaluated faithfully (not JSON, no
   * Statement, a statement that cannot be understood...). A policy that AWS would reject at write
   * time but whose meaning is clear (too large, duplicate Sid, a Principal in an identity policy)
   * still comes back, with its problems.
   */
  readonly policy: Policy | undefined
  /** Every problem found, errors and warnings, each with a code, a path and a message. */
  readonly problems: readonly Problem[]
}

const POLICY_ELEMENTS: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement'])
// IAM and STS accept only tab, LF, CR and U+0020..U+00FF in a policy document (IAM quotas).
const NON_IAM_CHARACTER = /[^\t\n\r\u0020-\u00ff]/

/**
 * Parses and validates a policy document against the grammar of its policy type. Never throws:
 * every problem is data.
 *
 * `input` is a policy document (an object or a JSON string) or a named wrapper
 * `{name: string, document: DOC-or-string}`. Size limits per type are in POLICY_SIZE_LIMITS; an
 * `identity` policy is held to the managed-policy limit (6144), a `resource` policy to the S3
 * bucket-policy limit (20480).
 *
 * Elements a type forbids (a Principal in an identity policy, a Resource in a trust policy) are
 * reported and left out of the parsed statements. An absent Version reads as "2008-10-17", in
 * which policy variables are literal text.
 * @example
 * const { policy, problems } = parsePolicy(
 *   '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
 *   'identity',
 * )
 * // policy.statements[0].action → { kind: 'Action', values: ['s3:*'] }; problems → []
 */
export function parsePolicy(input: unknown, type: PolicyType): ParseResult {
  const out = new ProblemCollector()
  let policy: Policy | undefined
  try {
    policy = parseInto(input, type, out)
  } catch (error) {
    // INVARIANT: nothing above throws on plain data; this is the last resort for exotic inputs
    // (proxies, throwing getters) so that the promise "never throws" holds.
    const reason = error instanceof Error ? error.message : 'unexpected value'
    out.fatalError('', { code: 'unreadable_document', reason })
  }
  return { policy: out.fatal ? undefined : policy, problems: out.problems }
}

function parseInto(input: unknown, type: PolicyType, out: ProblemCollector): Policy | undefined {
  let name: string | undefined
  let document = input
  if (isRecord(input) && Object.hasOwn(input, 'document') && !Object.hasOwn(input, 'Statement')) {
    document = input.document
    if (typeof input.name === 'string') name = input.name
    else if (input.name !== undefined) out.error('name', { code: 'invalid_name' })
  }
  const decoded = decode(document, out)
  if (decoded === undefined) return undefined
  const { value, text, compactLength } = decoded
  if (!isRecord(value)) {
    out.fatalError('', { code: 'invalid_input', got: describe(value) })
    return undefined
  }
  const rules = POLICY_TYPE_RULES[type]
  checkSize(type, text, compactLength, out)
  if (rules.iamCharacters) {
    const bad = NON_IAM_CHARACTER.exec(text)
    if (bad !== null) out.error('', { code: 'invalid_characters', character: bad[0] })
  }
  for (const key of Object.keys(value)) {
    if (!POLICY_ELEMENTS.has(key))
      out.error(childPath('', key), { code: 'unknown_policy_element', key })
  }
  const version = readVersion(value, type, out)
  if (version === undefined) return undefined
  let id: string | undefined
  if (Object.hasOwn(value, 'Id')) {
    if (typeof value.Id === 'string') id = value.Id
    else out.error('Id', { code: 'invalid_id' })
    if (rules.idDiscouraged) out.warn('Id', { code: 'id_in_identity_policy' })
  }
  const ctx: ParseContext = { policyType: type, rules, version, policyName: name, out }
  const statements = readStatements(value, ctx)
  if (statements === undefined) return undefined
  return { version, name, id, statements }
}

interface Decoded {
  readonly value: unknown
  /** The document as JSON text: as given, or serialised from an object. */
  readonly text: string
  /** The length of `text` without white space outside strings. */
  readonly compactLength: number
}

/**
 * Turns the input into plain JSON data. A string is parsed (and scanned for duplicate keys, which
 * `JSON.parse` silently drops); anything else goes through JSON.stringify and back, which strips
 * getters, prototypes and non-JSON values.
 */
function decode(document: unknown, out: ProblemCollector): Decoded | undefined {
  if (typeof document === 'string') {
    let value: unknown
    try {
      value = JSON.parse(document)
    } catch {
      out.fatalError('', { code: 'invalid_json' })
      return undefined
    }
    const scan = scanJsonText(document)
    for (const dup of scan.duplicates)
      out.fatalError(dup.path, { code: 'duplicate_key', key: dup.key })
    return { value, text: document, compactLength: scan.compactLength }
  }
  let text: string | undefined
  try {
    text = JSON.stringify(document)
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not serialisable'
    out.fatalError('', { code: 'unreadable_document', reason })
    return undefined
  }
  if (text === undefined) {
    out.fatalError('', { code: 'invalid_input', got: describe(document) })
    return undefined
  }
  return { value: JSON.parse(text) as unknown, text, compactLength: text.length }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

function checkSize(type: PolicyType, text: string, compact: number, out: ProblemCollector): void {
  const limit = POLICY_SIZE_LIMITS[type]
  const size = limit.countsWhitespace ? text.length : compact
  if (size > limit.maxChars) {
    out.error('', { code: 'policy_too_large', policyType: type, size, limit: limit.maxChars })
  }
}

function readVersion(
  doc: Record<string, unknown>,
  type: PolicyType,
  out: ProblemCollector,
): PolicyVersion | undefined {
  const rules = POLICY_TYPE_RULES[type]
  if (!Object.hasOwn(doc, 'Version')) {
    if (rules.versionRequired) out.error('', { code: 'version_required', policyType: type })
    else out.warn('', { code: 'missing_version' })
    return '2008-10-17'
  }
  const version = doc.Version
  if (version === '2012-10-17') return version
  if (version === '2008-10-17') {
    if (rules.versionRequired) out.error('Version', { code: 'version_required', policyType: type })
    return version
  }
  const value = typeof version === 'string' ? version : JSON.stringify(version)
  out.fatalError('Version', { code: 'invalid_version', value })
  return undefined
}

function readStatements(doc: Record<string, unknown>, ctx: ParseContext): Statement[] | undefined {
  const { out } = ctx
  if (!Object.hasOwn(doc, 'Statement')) {
    out.fatalError('', { code: 'missing_statement' })
    return undefined
  }
  const raw = doc.Statement
  const entries: { raw: unknown; path: string }[] = Array.isArray(raw)
    ? raw.map((item, i) => ({ raw: item, path: indexPath('Statement', i) }))
    : [{ raw, path: 'Statement' }]
  if (entries.length === 0) out.error('Statement', { code: 'empty_statement' })
  const statements: Statement[] = []
  const sids = new Set<string>()
  entries.forEach((entry, index) => {
    const statement = parseStatement(entry.raw, index, entry.path, ctx)
    if (statement === undefined) return
    statements.push(statement)
    const sid = statement.sid
    if (sid !== undefined && sid !== '' && ctx.rules.uniqueSid) {
      if (sids.has(sid))
        out.error(childPath(entry.path, 'Sid'), { code: 'duplicate_sid', value: sid })
      sids.add(sid)
    }
  })
  return out.fatal ? undefined : statements
}
