/**
 * Identifiers in AWS's formats: 12-digit account ids, 21-character unique ids with their type
 * prefix (AIDA user, AROA role, AGPA group, ANPA managed policy, AIPA instance profile, AKIA access key,
 * ASIA temporary key), secret access keys, and Organizations ids. Random from the platform's CSPRNG.
 */
import { randomBytes, randomInt } from 'node:crypto'

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

function pick(alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

export const UNIQUE_ID_PREFIXES = [
  'AIDA',
  'AROA',
  'AGPA',
  'ANPA',
  'AKIA',
  'ASIA',
  'ADPA',
  'AIPA',
] as const
export type UniqueIdPrefix = (typeof UNIQUE_ID_PREFIXES)[number]

/**
 * A unique id in AWS's form: 21 characters for principals and policies (`AROA3XFRBF535PLBIFPI4`),
 * 20 for access key ids (`AKIAIOSFODNN7EXAMPLE`, `ASIA…`).
 */
export const newUniqueId = (prefix: UniqueIdPrefix): string =>
  prefix + pick(UPPER_ALNUM, prefix === 'AKIA' || prefix === 'ASIA' ? 16 : 17)

/** A 12-digit account id that does not start with 0. */
export const newAccountId = (): string => String(randomInt(1, 10)) + pick('0123456789', 11)

/** A 40-character secret access key. */
export const newSecretAccessKey = (): string =>
  randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B')

/** Organizations ids: `o-` + 10, `r-` + 4, `ou-` root part + 8, `p-` + 8, `car-` + 32. */
export const newOrganizationId = (): string => 'o-' + pick(LOWER_ALNUM, 10)
export const newRootId = (): string => 'r-' + pick(LOWER_ALNUM, 4)
export const newOuId = (rootId: string): string => `ou-${rootId.slice(2)}-${pick(LOWER_ALNUM, 8)}`
export const newPolicyId = (): string => 'p-' + pick(LOWER_ALNUM, 8)
export const newCreateAccountRequestId = (): string => 'car-' + pick(LOWER_ALNUM, 32)
/** A request id in AWS's UUID form. */
export const newRequestId = (): string => crypto.randomUUID()
