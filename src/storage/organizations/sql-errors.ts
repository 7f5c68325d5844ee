import { StoreError } from '../../domain/organizations/index.ts'

/**
 * Unique constraints by name (PostgreSQL reports the name) and by the text SQLite reports after
 * "UNIQUE constraint failed: ", mapped to the `entity.field` a `StoreError` names.
 */
const UNIQUE_CONSTRAINTS: readonly (readonly [pg: string, sqlite: string, subject: string])[] = [
  ['org_organization_pkey', 'org_organization.id', 'organization.id'],
  ['org_root_pkey', 'org_root.id', 'root.id'],
  ['org_organizational_unit_pkey', 'org_organizational_unit.id', 'organizationalUnit.id'],
  [
    'org_organizational_unit_name_key',
    'org_organizational_unit.parent_id, org_organizational_unit.name',
    'organizationalUnit.name',
  ],
  ['org_account_pkey', 'org_account.id', 'account.id'],
  ['org_account_email_key', "index 'org_account_email_key'", 'account.email'],
  ['org_policy_pkey', 'org_policy.id', 'policy.id'],
  [
    'org_policy_name_key',
    'org_policy.organization_id, org_policy.policy_type, org_policy.name',
    'policy.name',
  ],
  [
    'org_policy_attachment_pkey',
    'org_policy_attachment.policy_id, org_policy_attachment.target_id',
    'policyAttachment.target',
  ],
  [
    'org_enabled_policy_type_pkey',
    'org_enabled_policy_type.root_id, org_enabled_policy_type.policy_type',
    'enabledPolicyType.type',
  ],
  ['org_tag_pkey', 'org_tag.resource_id, org_tag.tag_key', 'tag.key'],
  ['org_create_account_status_pkey', 'org_create_account_status.id', 'createAccountStatus.id'],
]

// SQLite extended result codes (errcode) and PostgreSQL SQLSTATEs (code).
const SQLITE_CONSTRAINT_FOREIGNKEY = 787
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555
const SQLITE_CONSTRAINT_UNIQUE = 2067
const PG_UNIQUE_VIOLATION = '23505'
const PG_FOREIGN_KEY_VIOLATION = '23503'

/**
 * Turns a driver's constraint violation into a `StoreError`: a unique violation into
 * `AlreadyExists` on the constraint's subject, a foreign-key violation into `onForeignKey` (the
 * caller knows what the statement referred to). Anything else is returned unchanged.
 */
export function toStoreError(error: unknown, onForeignKey?: StoreError): unknown {
  if (typeof error !== 'object' || error === null) return error
  const { errcode, code, constraint, message } = error as {
    errcode?: unknown
    code?: unknown
    constraint?: unknown
    message?: unknown
  }
  if (errcode === SQLITE_CONSTRAINT_UNIQUE || errcode === SQLITE_CONSTRAINT_PRIMARYKEY) {
    const columns = String(message).replace(/^.*UNIQUE constraint failed: /, '')
    const entry = UNIQUE_CONSTRAINTS.find(([, sqlite]) => sqlite === columns)
    return new StoreError('AlreadyExists', entry?.[2] ?? columns, { cause: error })
  }
  if (code === PG_UNIQUE_VIOLATION) {
    const entry = UNIQUE_CONSTRAINTS.find(([pg]) => pg === constraint)
    return new StoreError('AlreadyExists', entry?.[2] ?? String(constraint), { cause: error })
  }
  if (errcode === SQLITE_CONSTRAINT_FOREIGNKEY || code === PG_FOREIGN_KEY_VIOLATION) {
    if (onForeignKey === undefined) return error
    return new StoreError(onForeignKey.kind, onForeignKey.subject, { cause: error })
  }
  return error
}
