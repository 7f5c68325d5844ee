// Conversions between the IAM security tables' rows and the domain's records.
import type {
  LoginProfileRecord,
  MfaDeviceRecord,
  OidcProviderRecord,
  TagRecord,
} from '../../domain/iam/security/index.ts'
import type {
  IamLoginProfileTable,
  IamMfaDeviceTable,
  IamOidcProviderTable,
} from './iam-security-schema.ts'

// INVARIANT: PostgreSQL's pg returns `bigint` columns as strings; every read goes through Number().
const num = (v: number | string) => Number(v)
const numOrNull = (v: number | string | null) => (v === null ? null : Number(v))

/** JSON text of tags. */
export const tagsText = (tags: readonly TagRecord[]) =>
  JSON.stringify(tags.map((t) => [t.key, t.value]))
/** Tags from JSON text. */
export const tagsFrom = (text: string): TagRecord[] =>
  (JSON.parse(text) as [string, string][]).map(([key, value]) => ({ key, value }))

/** An MFA device row. */
export const fromMfaDevice = (d: MfaDeviceRecord): IamMfaDeviceTable => ({
  serial_number: d.serialNumber,
  account_id: d.accountId,
  name: d.name,
  path: d.path,
  sealed_seed: d.sealedSeed,
  user_id: d.userId,
  enabled_at: d.enabledAt,
  last_step: d.lastStep,
  created_at: d.createdAt,
  tags: tagsText(d.tags),
})

/** An MFA device record. */
export const toMfaDevice = (r: IamMfaDeviceTable): MfaDeviceRecord => ({
  serialNumber: r.serial_number,
  accountId: r.account_id,
  name: r.name,
  path: r.path,
  sealedSeed: r.sealed_seed,
  userId: r.user_id,
  enabledAt: numOrNull(r.enabled_at),
  lastStep: numOrNull(r.last_step),
  createdAt: num(r.created_at),
  tags: tagsFrom(r.tags),
})

/** A login profile record. */
export const toLoginProfile = (r: IamLoginProfileTable): LoginProfileRecord => ({
  accountId: r.account_id,
  userId: r.user_id,
  passwordHash: r.password_hash,
  passwordResetRequired: num(r.password_reset_required) === 1,
  createdAt: num(r.created_at),
})

/** An OIDC provider row. */
export const fromOidcProvider = (p: OidcProviderRecord): IamOidcProviderTable => ({
  arn: p.arn,
  account_id: p.accountId,
  url: p.url,
  client_ids: JSON.stringify(p.clientIds),
  thumbprints: JSON.stringify(p.thumbprints),
  tags: tagsText(p.tags),
  created_at: p.createdAt,
})

/** An OIDC provider record. */
export const toOidcProvider = (r: IamOidcProviderTable): OidcProviderRecord => ({
  arn: r.arn,
  accountId: r.account_id,
  url: r.url,
  clientIds: JSON.parse(r.client_ids) as string[],
  thumbprints: JSON.parse(r.thumbprints) as string[],
  tags: tagsFrom(r.tags),
  createdAt: num(r.created_at),
})
