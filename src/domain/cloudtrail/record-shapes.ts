/**
 * How request and response members appear in a record: keys in lower camel case as CloudTrail
 * writes them (`RoleArn` → `roleArn`, `SAMLAssertionID` → `sAMLAssertionID`), dates in the
 * `Jul 18, 2023, 4:07:39 PM` form of STS's `expiration`, and no secret ever: secret access keys,
 * passwords, MFA codes and seeds, SAML assertions, web identity tokens, OAuth client secrets,
 * device codes and access/refresh tokens are left out, and session tokens are shown as
 * `HIDDEN_DUE_TO_SECURITY_REASONS` (stricter than AWS, which shows them).
 */

/** What a session token (and any hidden value) is replaced with. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS'

/** Members (lower-cased) that are never recorded. */
const SECRET_KEYS = new Set([
  'secretaccesskey',
  'password',
  'newpassword',
  'oldpassword',
  'authenticationcode1',
  'authenticationcode2',
  'tokencode',
  'totp',
  'samlassertion',
  'webidentitytoken',
  'clientsecret',
  'accesstoken',
  'refreshtoken',
  'devicecode',
  'code',
  'codeverifier',
  'base32stringseed',
  'qrcodepng',
  'seed',
  'privatekey',
  'idtoken',
])

/** Members shown, but only as {@link HIDDEN}. */
const HIDDEN_KEYS = new Set(['sessiontoken'])

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Jul 18, 2023, 4:07:39 PM` (UTC), as STS's `expiration` appears in records. */
export function recordDate(d: Date): string {
  const h = d.getUTCHours()
  const two = (n: number) => String(n).padStart(2, '0')
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}

const lowerFirst = (key: string): string =>
  key.length === 0 ? key : key[0]!.toLowerCase() + key.slice(1)

/** True when a member (by name, any case) is a secret that no record may hold. */
export const isSecretMember = (key: string): boolean => SECRET_KEYS.has(key.toLowerCase())

/**
 * A request or response value as a record holds it: keys in lower camel case, secrets removed,
 * session tokens hidden, dates formatted; `undefined` members dropped.
 */
export function toRecordValue(value: unknown): unknown {
  if (value instanceof Date) return recordDate(value)
  if (Array.isArray(value)) return value.map(toRecordValue)
  if (value instanceof Uint8Array) return undefined
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const lower = key.toLowerCase()
      if (item === undefined || SECRET_KEYS.has(lower)) continue
      out[lowerFirst(key)] = HIDDEN_KEYS.has(lower) ? HIDDEN : toRecordValue(item)
    }
    return out
  }
  return value
}

/** The values of a request's secret and hidden members, wherever they are nested. */
function secretValuesOf(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) {
    for (const item of value) secretValuesOf(item, out)
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const lower = key.toLowerCase()
      if (!SECRET_KEYS.has(lower) && !HIDDEN_KEYS.has(lower)) secretValuesOf(item, out)
      else if ((typeof item === 'string' && item !== '') || typeof item === 'number') {
        out.push(String(item))
      }
    }
  }
  return out
}

/**
 * A message as a record may hold it: every value of a secret member of the request replaced by
 * {@link HIDDEN}. Error messages may quote what was sent (`Value '…' at 'password' failed to
 * satisfy constraint`); the trail never keeps a secret, whatever a message quotes.
 * @example recordMessage("Value 'hunter2€' at 'password' …", { Password: 'hunter2€' })
 */
export function recordMessage(message: string, input: unknown): string {
  const secrets = secretValuesOf(input, [])
  if (secrets.length === 0) return message
  // Longest first, so that a secret containing another is hidden whole.
  secrets.sort((a, b) => b.length - a.length)
  let out = message
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(HIDDEN)
  return out
}

/** The `requestParameters`/`responseElements` of a record: an object, or null when empty. */
export function recordMembers(value: unknown): Readonly<Record<string, unknown>> | null {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return null
  }
  const out = toRecordValue(value) as Record<string, unknown>
  return Object.keys(out).length === 0 ? null : out
}
