/**
 * Records as Organizations' JSON replies name them (API Reference data types). Timestamps are
 * `Date`s; the server encodes them as epoch seconds.
 */
import type {
  AccountRecord,
  CreateAccountStatusRecord,
  EnabledPolicyTypeRecord,
  OrganizationRecord,
  OrganizationalUnitRecord,
  PolicyRecord,
  PolicySummary,
  PolicyTargetRecord,
  RootRecord,
  TagRecord,
} from './organizations-records.ts'

/** `PolicyTypeSummary` list. */
export const policyTypesShape = (types: readonly EnabledPolicyTypeRecord[]) =>
  types.map((t) => ({ Type: t.type, Status: t.status }))

/** `Organization`; AvailablePolicyTypes (deprecated by AWS) reports the root's enabled types. */
export const organizationShape = (
  o: OrganizationRecord,
  types: readonly EnabledPolicyTypeRecord[],
) => ({
  Id: o.id,
  Arn: o.arn,
  FeatureSet: o.featureSet,
  MasterAccountArn: o.managementAccountArn,
  MasterAccountId: o.managementAccountId,
  MasterAccountEmail: o.managementAccountEmail,
  AvailablePolicyTypes: policyTypesShape(types),
})

/** `Root`. */
export const rootShape = (r: RootRecord, types: readonly EnabledPolicyTypeRecord[]) => ({
  Id: r.id,
  Arn: r.arn,
  Name: r.name,
  PolicyTypes: policyTypesShape(types),
})

/** `OrganizationalUnit`. */
export const ouShape = (ou: OrganizationalUnitRecord) => ({ Id: ou.id, Arn: ou.arn, Name: ou.name })

/** `Account`, with both the deprecated `Status` and its successor `State`. */
export const accountShape = (a: AccountRecord) => ({
  Id: a.id,
  Arn: a.arn,
  Email: a.email,
  Name: a.name,
  Status: a.status,
  State: a.status,
  JoinedMethod: a.joinedMethod,
  JoinedTimestamp: new Date(a.joinedAt),
})

/** `PolicySummary`. */
export const policySummaryShape = (p: PolicySummary) => ({
  Id: p.id,
  Arn: p.arn,
  Name: p.name,
  Description: p.description,
  Type: p.type,
  AwsManaged: p.awsManaged,
})

/** `Policy`. */
export const policyShape = (p: PolicyRecord) => ({
  PolicySummary: policySummaryShape(p),
  Content: p.content,
})

/** `PolicyTargetSummary`. */
export const targetShape = (t: PolicyTargetRecord) => ({
  TargetId: t.targetId,
  Arn: t.arn,
  Name: t.name,
  Type: t.type,
})

/** `CreateAccountStatus`, members present only once known. */
export const createAccountStatusShape = (s: CreateAccountStatusRecord) => ({
  Id: s.id,
  AccountName: s.accountName,
  State: s.state,
  RequestedTimestamp: new Date(s.requestedAt),
  ...(s.completedAt === null ? {} : { CompletedTimestamp: new Date(s.completedAt) }),
  ...(s.accountId === null ? {} : { AccountId: s.accountId }),
  ...(s.failureReason === null ? {} : { FailureReason: s.failureReason }),
})

/** `Tag` list. */
export const tagsShape = (tags: readonly TagRecord[]) =>
  tags.map((t) => ({ Key: t.key, Value: t.value }))

/** `NextToken` when there is one. */
export const nextTokenShape = (token: string | undefined) =>
  token === undefined ? {} : { NextToken: token }
