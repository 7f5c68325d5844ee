import type { PrincipalElement } from '../types.ts'
import { childPath } from './json-path.ts'
import { isRecord, type ParseContext } from './parse-context.ts'
import { readStringList } from './read-string-list.ts'

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const
type PrincipalType = (typeof PRINCIPAL_TYPES)[number]

const ACCOUNT_ID = /^\d{12}$/
const PARTITION = 'arn:aws[a-z-]*'
const AWS_PRINCIPAL = [
  ACCOUNT_ID,
  new RegExp(`^${PARTITION}:iam::\\d{12}:root$`),
  new RegExp(`^${PARTITION}:iam::\\d{12}:(user|role)/[\\w+=,.@/-]+$`),
  new RegExp(`^${PARTITION}:sts::\\d{12}:assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+$`),
  new RegExp(`^${PARTITION}:sts::\\d{12}:federated-user/[\\w+=,.@-]+$`),
  // Unique ids of users and roles: what IAM shows once a named principal has been deleted.
  /^A(IDA|ROA)[A-Z0-9]{12,}$/,
]
const SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/
const FEDERATED =
  /^([a-z0-9][a-z0-9.-]*\.[a-z]+|arn:aws[a-z-]*:iam::\d{12}:(saml|oidc)-provider\/[^*?\s]+)$/i
const CANONICAL_USER = /^[0-9a-f]{64}$/

const VALIDATORS: { readonly [T in PrincipalType]: (value: string) => boolean } = {
  AWS: (v) => v === '*' || AWS_PRINCIPAL.some((re) => re.test(v)),
  Service: (v) => SERVICE.test(v),
  Federated: (v) => FEDERATED.test(v),
  CanonicalUser: (v) => CANONICAL_USER.test(v),
}

/**
 * Reads a Principal or NotPrincipal element: `"*"` or an object mapping AWS, Service, Federated and
 * CanonicalUser to a string or array of strings. An unreadable shape or an unknown principal type
 * is fatal; a value of the wrong form (which can match nothing) is an error.
 */
export function parsePrincipal(
  kind: PrincipalElement['kind'],
  raw: unknown,
  path: string,
  ctx: ParseContext,
): PrincipalElement | undefined {
  const { out } = ctx
  if (raw === '*') {
    return { kind, wildcard: true, aws: [], service: [], federated: [], canonicalUser: [] }
  }
  if (!isRecord(raw)) {
    out.fatalError(path, { code: 'invalid_principal_shape', element: kind })
    return undefined
  }
  const lists: Record<PrincipalType, readonly string[]> = {
    AWS: [],
    Service: [],
    Federated: [],
    CanonicalUser: [],
  }
  let ok = true
  const keys = Object.keys(raw)
  for (const key of keys) {
    const keyPath = childPath(path, key)
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(key)) {
      out.fatalError(keyPath, { code: 'unknown_principal_type', key })
      ok = false
      continue
    }
    const type = key as PrincipalType
    const values = readStringList(raw[key], `${kind}.${type}`, keyPath, out)
    if (values === undefined) {
      ok = false
      continue
    }
    for (const value of values) {
      if (!VALIDATORS[type](value)) {
        out.error(keyPath, { code: 'invalid_principal', principalType: type, value })
      }
    }
    lists[type] = values
  }
  if (!ok) return undefined
  if (keys.length === 0) out.error(path, { code: 'empty_principal', element: kind })
  return {
    kind,
    wildcard: lists.AWS.includes('*'),
    aws: lists.AWS,
    service: lists.Service,
    federated: lists.Federated,
    canonicalUser: lists.CanonicalUser,
  }
}
