import type { UniqueConstraint } from '../sql/index.ts'

/** The Organizations tables' unique constraints: PostgreSQL's name, SQLite's columns, subject. */
export const ORGANIZATIONS_UNIQUE_CONSTRAINTS: readonly UniqueConstraint[] = [
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
