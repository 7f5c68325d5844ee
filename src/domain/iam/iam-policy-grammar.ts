/**
 * What IAM's own API accepts as a policy document, and AWS's terse MalformedPolicyDocument message
 * for what it refuses: the checks IAM makes when CreatePolicy, CreatePolicyVersion,
 * Put{User,Group,Role}Policy, CreateRole and UpdateAssumeRolePolicy store a document, in the
 * order AWS makes them (the first failing check decides the message).
 *
 * AWS is lenient where the engine's validator is precise (condition keys and values, action names
 * after a valid vendor prefix, unknown condition operators with no keys) and strict where it is
 * not (a managed policy's Version, IAM resource paths, the ARN parts a service allows). Its rules
 * and wordings here come from AWS's recorded answers (shared/reference/aws-recorded), the IAM User
 * Guide's grammar and quota pages, and the behaviour moto's validator (getmoto/moto,
 * moto/iam/policy_validation.py, Apache-2.0) documents as AWS's; no code is taken from it.
 * The engine's precise diagnostics stay where they belong: Access Analyzer's ValidatePolicy,
 * `xaccess validate`, the engine's problems list.
 */
import { CONDITION_OPERATORS } from '../../policy/index.ts'

/** Where a document goes: a managed policy (and its versions), an inline policy, a trust policy. */
export const IAM_DOCUMENT_KINDS = ['managed', 'inline', 'trust'] as const
export type IamDocumentKind = (typeof IAM_DOCUMENT_KINDS)[number]

/** AWS's wordings, by check. */
export const IAM_POLICY_MESSAGES = {
  /** Identity documents that are not JSON, or break the grammar. */
  syntax: 'Syntax errors in policy.',
  /** Trust documents that are not JSON (recorded: CreateRole, UpdateAssumeRolePolicy). */
  invalidJson: 'This policy contains invalid Json',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidCharacters:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  actionVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  actionColons: 'Actions/Condition can contain only one colon.',
  vendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  partition: (partition: string, rebuilt: string) =>
    `Partition "${partition}" is not valid for resource "${rebuilt}".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  iamRegion: (resource: string) => `IAM resource ${resource} cannot contain region information.`,
  s3Region: (resource: string) => `Resource ${resource} can not contain region information.`,
  iamPath: (prefixes: readonly string[]) =>
    `IAM resource path must either be "*" or start with ${prefixes.join(', ')}.`,
  principalForbidden: 'Policy document should not specify a principal.',
  /** Recorded: UpdateAssumeRolePolicy with a non-STS action. */
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  /** Recorded: UpdateAssumeRolePolicy with a Resource. */
  trustResource: 'Has prohibited field Resource',
  missingPrincipal: 'Missing required field Principal',
} as const

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement', 'Conditions'])
const VERSIONS = new Set(['2008-10-17', '2012-10-17'])
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
])
const OPERATORS: ReadonlySet<string> = new Set(CONDITION_OPERATORS)
const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
])
/** What an IAM resource may start with after its account (the IAM User Guide's IAM ARNs). */
const IAM_RESOURCE_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
] as const

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Thrown inside the checks; caught once and turned into the message. */
class Refusal {
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}
const refuse = (message: string): never => {
  throw new Refusal(message)
}

/** A string, or an array of strings (nulls tolerated, as AWS does). */
const isStringList = (v: unknown) =>
  typeof v === 'string' || (Array.isArray(v) && v.every((x) => x === null || typeof x === 'string'))

const listOf = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []

/** The operator without ForAnyValue:/ForAllValues: and IfExists. */
function baseOperator(operator: string): string {
  let op = operator
  for (const prefix of ['ForAnyValue:', 'ForAllValues:']) {
    if (op.startsWith(prefix)) {
      op = op.slice(prefix.length)
      break
    }
  }
  return op.endsWith('IfExists') ? op.slice(0, -'IfExists'.length) : op
}

function checkStatementSyntax(st: unknown): void {
  if (!isObject(st)) return refuse(IAM_POLICY_MESSAGES.syntax)
  for (const key of Object.keys(st)) {
    if (!STATEMENT_ELEMENTS.has(key)) refuse(IAM_POLICY_MESSAGES.syntax)
  }
  if ('Resource' in st && 'NotResource' in st) refuse(IAM_POLICY_MESSAGES.syntax)
  if ('Action' in st && 'NotAction' in st) refuse(IAM_POLICY_MESSAGES.syntax)
  const effect = st.Effect
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) {
    refuse(IAM_POLICY_MESSAGES.syntax)
  }
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    if (key in st && !isStringList(st[key])) refuse(IAM_POLICY_MESSAGES.syntax)
  }
  if ('Condition' in st) {
    const condition = st.Condition
    if (!isObject(condition)) return refuse(IAM_POLICY_MESSAGES.syntax)
    for (const [operator, body] of Object.entries(condition)) {
      if (!isObject(body)) refuse(IAM_POLICY_MESSAGES.syntax)
      const entries = Object.values(body as Json)
      for (const v of entries) {
        if (typeof v !== 'string' && typeof v !== 'boolean' && !Array.isArray(v)) {
          refuse(IAM_POLICY_MESSAGES.syntax)
        }
      }
      // An operator AWS does not know is tolerated only with no keys at all.
      if (!OPERATORS.has(baseOperator(operator)) && entries.length > 0) {
        refuse(IAM_POLICY_MESSAGES.syntax)
      }
    }
  }
  if ('Sid' in st && typeof st.Sid !== 'string') refuse(IAM_POLICY_MESSAGES.syntax)
}

/** The statements of a syntactically valid document, or a refusal. */
function checkSyntax(doc: unknown): Json[] {
  if (!isObject(doc)) return refuse(IAM_POLICY_MESSAGES.syntax)
  for (const key of Object.keys(doc)) {
    if (!TOP_ELEMENTS.has(key)) refuse(IAM_POLICY_MESSAGES.syntax)
  }
  if ('Version' in doc && !VERSIONS.has(doc.Version as string)) refuse(IAM_POLICY_MESSAGES.syntax)
  if ('Id' in doc && typeof doc.Id !== 'string') refuse(IAM_POLICY_MESSAGES.syntax)
  const raw = doc.Statement
  const statements: unknown[] = isObject(raw) ? [raw] : Array.isArray(raw) ? raw : []
  if (statements.length === 0) refuse(IAM_POLICY_MESSAGES.syntax)
  for (const st of statements) checkStatementSyntax(st)
  return statements as Json[]
}

const int = (text: string, min: number, max: number): boolean =>
  /^[+-]?\d+$/.test(text) && Number(text) >= min && Number(text) <= max

/** AWS's legacy reading of a Date condition value: an epoch number, or ISO 8601. */
function legacyDate(value: unknown): boolean {
  if (typeof value !== 'string') return false
  const v = value.toLowerCase()
  if (!v.includes('t') && !v.includes('-')) {
    return /^\d+$/.test(v) && BigInt(v) <= 9223372036854775807n
  }
  const cut = v.indexOf('t')
  const datePart = cut < 0 ? v : v.slice(0, cut)
  const timePart = cut < 0 ? '' : v.slice(cut + 1)
  const negative = datePart.startsWith('-')
  const fields = (negative ? datePart.slice(1) : datePart).split('-')
  if (fields.length > 3) return false
  if (!int((negative ? '-' : '') + fields[0]!, -292275054, 292278993)) return false
  if (fields.length > 1 && !int(fields[1]!, 1, 12)) return false
  if (fields.length > 2 && !int(fields[2]!, 1, 31)) return false
  if (timePart === '') return true
  const m = /^(\d+)(?::(\d+)(?::(\d+)(?:\.(\d+))?)?)?(z|[+-]\d{2}(?::\d{2})?)?$/.exec(timePart)
  if (m === null) return false
  const [, h, min, s, fraction, zone] = m
  if (!int(h!, 0, 23)) return false
  if (min !== undefined && !int(min, 0, 59)) return false
  if (s !== undefined && !int(s, 0, 59)) return false
  if (fraction !== undefined && !int(fraction, 0, 999999999)) return false
  if (zone !== undefined && zone !== 'z') {
    if (!int(zone.slice(1, 3), 0, 23)) return false
    if (zone.length > 3 && !int(zone.slice(4), 0, 59)) return false
  }
  return true
}

/** AWS's legacy reading of a Resource value: an ARN must name its service. */
function legacyResource(resource: string): boolean {
  if (resource === '*') return true
  const colons = resource.split(':').length - 1
  if (colons < 5 && resource.includes('::')) return false
  const service = resource.split(':')[2]
  return service !== undefined && service !== ''
}

/** The first thing AWS refuses about one Resource value, or undefined. */
function resourceProblem(resource: string): string | undefined {
  if (resource === '*') return undefined
  const first = resource.indexOf(':')
  if (first < 0) return IAM_POLICY_MESSAGES.resourceFormat(resource)
  const afterPrefix = resource.slice(first + 1)
  const second = afterPrefix.indexOf(':')
  const partition = second < 0 ? afterPrefix : afterPrefix.slice(0, second)
  const rest = second < 0 ? '' : afterPrefix.slice(second + 1)
  if (partition !== '*' && !PARTITIONS.has(partition)) {
    const parts = rest.split(':')
    const part = (i: number) => (parts.length > i ? parts[i]! : '*')
    const service = parts[0] !== '' || parts.length > 1 ? parts[0]! : '*'
    const tail = parts.length > 3 ? parts.slice(3).join(':') : '*'
    const rebuilt = `arn:${partition}:${service}:${part(1)}:${part(2)}:${tail}`
    return IAM_POLICY_MESSAGES.partition(partition, rebuilt)
  }
  if (second < 0) return IAM_POLICY_MESSAGES.resourceVendor
  const parts = rest.split(':')
  const service = parts[0]!
  const region = parts[1] ?? ''
  const afterAccount = parts.slice(3).join(':')
  if (service === 'iam' && region !== '') return IAM_POLICY_MESSAGES.iamRegion(resource)
  if (service === 's3' && region !== '' && !afterAccount.startsWith('accesspoint/')) {
    return IAM_POLICY_MESSAGES.s3Region(resource)
  }
  if (
    service === 'iam' &&
    afterAccount !== '*' &&
    !IAM_RESOURCE_PREFIXES.some((prefix) => afterAccount.startsWith(prefix))
  ) {
    return IAM_POLICY_MESSAGES.iamPath(IAM_RESOURCE_PREFIXES)
  }
  return undefined
}

function actionProblem(action: string): string | undefined {
  const parts = action.split(':')
  if (parts.length === 1 && action !== '*') return IAM_POLICY_MESSAGES.actionVendor
  if (parts.length > 2) return IAM_POLICY_MESSAGES.actionColons
  const vendor = parts[0]!
  if (vendor !== '*' && /[^a-zA-Z0-9.-]/.test(vendor)) return IAM_POLICY_MESSAGES.vendor(vendor)
  return undefined
}

const hasNonEmpty = (st: Json, a: string, b: string) =>
  (a in st && !(Array.isArray(st[a]) && (st[a] as unknown[]).length === 0)) ||
  (!(a in st) && b in st && !(Array.isArray(st[b]) && (st[b] as unknown[]).length === 0))

const isStsAction = (action: string) => action === '*' || action.toLowerCase().startsWith('sts:')

function check(text: string, kind: IamDocumentKind): void {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return refuse(kind === 'trust' ? IAM_POLICY_MESSAGES.invalidJson : IAM_POLICY_MESSAGES.syntax)
  }
  const statements = checkSyntax(doc)
  if (kind === 'managed' && (doc as Json).Version !== '2012-10-17') {
    refuse(IAM_POLICY_MESSAGES.version)
  }

  // Legacy parsing: exact Effect, Date values, then the resources (whose format problems wait).
  for (const st of statements) {
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') refuse(IAM_POLICY_MESSAGES.legacy)
    for (const [operator, body] of Object.entries(isObject(st.Condition) ? st.Condition : {})) {
      if (!baseOperator(operator).startsWith('Date')) continue
      for (const value of Object.values(body as Json)) {
        const values = Array.isArray(value) ? (value as unknown[]) : [value]
        if (!values.every(legacyDate)) refuse(IAM_POLICY_MESSAGES.legacy)
      }
    }
  }
  let resourceError: string | undefined
  for (const st of statements) {
    for (const key of ['Resource', 'NotResource']) {
      if (!(key in st)) continue
      const values = listOf(st[key]).filter((r) => r !== '')
      const all = typeof st[key] === 'string' ? [st[key] as string] : values
      // In reverse order, the last problem found is the one reported (as AWS reports it).
      for (const r of [...all].sort().reverse()) resourceError = resourceProblem(r) ?? resourceError
      if (resourceError === undefined && !all.every(legacyResource)) {
        refuse(IAM_POLICY_MESSAGES.legacy)
      }
    }
  }

  const sids = new Set<string>()
  for (const st of statements) {
    const sid = st.Sid as string | undefined
    if (sid === undefined || sid === '') continue
    if (sids.has(sid)) refuse(IAM_POLICY_MESSAGES.duplicateSid)
    sids.add(sid)
  }
  if (kind !== 'trust' && [...sids].some((sid) => !/^[0-9A-Za-z]*$/.test(sid))) {
    refuse(IAM_POLICY_MESSAGES.sidCharacters)
  }
  for (const st of statements) {
    if (!hasNonEmpty(st, 'Action', 'NotAction')) refuse(IAM_POLICY_MESSAGES.missingActions)
  }
  if (resourceError !== undefined) refuse(resourceError)
  for (const st of statements) {
    for (const action of [...listOf(st.Action), ...listOf(st.NotAction)]) {
      const problem = actionProblem(action)
      if (problem !== undefined) refuse(problem)
    }
  }

  if (kind === 'trust') {
    for (const st of statements) {
      if (!listOf(st.Action).every(isStsAction)) refuse(IAM_POLICY_MESSAGES.trustActions)
    }
    for (const st of statements) {
      if ('Resource' in st || 'NotResource' in st) refuse(IAM_POLICY_MESSAGES.trustResource)
    }
    for (const st of statements) {
      if (!('Principal' in st) && !('NotPrincipal' in st)) {
        refuse(IAM_POLICY_MESSAGES.missingPrincipal)
      }
    }
    return
  }
  for (const st of statements) {
    if (!hasNonEmpty(st, 'Resource', 'NotResource')) refuse(IAM_POLICY_MESSAGES.missingResources)
  }
  for (const st of statements) {
    if ('Principal' in st || 'NotPrincipal' in st) refuse(IAM_POLICY_MESSAGES.principalForbidden)
  }
}

/**
 * The MalformedPolicyDocument message AWS's IAM API answers for a document, or undefined when IAM
 * accepts it. Size quotas are checked before, by the caller.
 * @example
 * iamPolicyDocumentError('{"Version":"2012-10-17","Statement":[]}', 'managed')
 * // 'Syntax errors in policy.'
 */
export function iamPolicyDocumentError(text: string, kind: IamDocumentKind): string | undefined {
  try {
    check(text, kind)
    return undefined
  } catch (error) {
    if (error instanceof Refusal) return error.message
    throw error
  }
}
