// Row <-> record mapping for the Organizations tables.
// INVARIANT: the migrations' check constraints keep every closed-set column within its domain
// union, so the casts below only narrow `string` to what the database already guarantees.
import type {
  AccountRecord,
  AccountStatus,
  CreateAccountState,
  CreateAccountStatusRecord,
  FeatureSet,
  JoinedMethod,
  OrganizationRecord,
  OrganizationalUnitRecord,
  PolicyRecord,
  PolicySummary,
  PolicyType,
  RootRecord,
} from '../../domain/organizations/index.ts'
import type { Selectable } from 'kysely'
import type {
  OrgAccountTable,
  OrgCreateAccountStatusTable,
  OrgOrganizationTable,
  OrgOrganizationalUnitTable,
  OrgPolicyTable,
  OrgRootTable,
} from '../schema.ts'

/** Organization row to record. */
export function toOrganization(row: Selectable<OrgOrganizationTable>): OrganizationRecord {
  return {
    id: row.id,
    arn: row.arn,
    featureSet: row.feature_set as FeatureSet,
    managementAccountId: row.management_account_id,
    managementAccountArn: row.management_account_arn,
    managementAccountEmail: row.management_account_email,
    createdAt: Number(row.created_at),
  }
}

/** Organization record to row. */
export function fromOrganization(o: OrganizationRecord): OrgOrganizationTable {
  return {
    id: o.id,
    arn: o.arn,
    feature_set: o.featureSet,
    management_account_id: o.managementAccountId,
    management_account_arn: o.managementAccountArn,
    management_account_email: o.managementAccountEmail,
    created_at: o.createdAt,
  }
}

/** Root row to record. */
export function toRoot(row: Selectable<OrgRootTable>): RootRecord {
  return { id: row.id, organizationId: row.organization_id, arn: row.arn, name: row.name }
}

/** OU row to record. */
export function toOrganizationalUnit(
  row: Selectable<OrgOrganizationalUnitTable>,
): OrganizationalUnitRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    parentId: row.parent_id,
    arn: row.arn,
    name: row.name,
    createdAt: Number(row.created_at),
  }
}

/** OU record to row. */
export function fromOrganizationalUnit(ou: OrganizationalUnitRecord): OrgOrganizationalUnitTable {
  return {
    id: ou.id,
    organization_id: ou.organizationId,
    parent_id: ou.parentId,
    arn: ou.arn,
    name: ou.name,
    created_at: ou.createdAt,
  }
}

/** Account row to record. */
export function toAccount(row: Selectable<OrgAccountTable>): AccountRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    parentId: row.parent_id,
    arn: row.arn,
    email: row.email,
    name: row.name,
    status: row.status as AccountStatus,
    joinedMethod: row.joined_method as JoinedMethod,
    joinedAt: Number(row.joined_at),
  }
}

/** Account record to row. */
export function fromAccount(a: AccountRecord): OrgAccountTable {
  return {
    id: a.id,
    organization_id: a.organizationId,
    parent_id: a.parentId,
    arn: a.arn,
    email: a.email,
    name: a.name,
    status: a.status,
    joined_method: a.joinedMethod,
    joined_at: a.joinedAt,
  }
}

/** Policy row (with or without content) to summary. */
export function toPolicySummary(row: Omit<Selectable<OrgPolicyTable>, 'content'>): PolicySummary {
  return {
    id: row.id,
    organizationId: row.organization_id,
    arn: row.arn,
    type: row.policy_type as PolicyType,
    name: row.name,
    description: row.description,
    awsManaged: Number(row.aws_managed) === 1,
  }
}

/** Policy row to record. */
export function toPolicy(row: Selectable<OrgPolicyTable>): PolicyRecord {
  return { ...toPolicySummary(row), content: row.content }
}

/** Policy record to row. */
export function fromPolicy(p: PolicyRecord): OrgPolicyTable {
  return {
    id: p.id,
    organization_id: p.organizationId,
    arn: p.arn,
    policy_type: p.type,
    name: p.name,
    description: p.description,
    content: p.content,
    aws_managed: p.awsManaged ? 1 : 0,
  }
}

/** CreateAccount status row to record. */
export function toCreateAccountStatus(
  row: Selectable<OrgCreateAccountStatusTable>,
): CreateAccountStatusRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    accountName: row.account_name,
    state: row.state as CreateAccountState,
    requestedAt: Number(row.requested_at),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
    accountId: row.account_id,
    failureReason: row.failure_reason,
  }
}

/** CreateAccount status record to row. */
export function fromCreateAccountStatus(s: CreateAccountStatusRecord): OrgCreateAccountStatusTable {
  return {
    id: s.id,
    organization_id: s.organizationId,
    account_name: s.accountName,
    state: s.state,
    requested_at: s.requestedAt,
    completed_at: s.completedAt,
    account_id: s.accountId,
    failure_reason: s.failureReason,
  }
}
