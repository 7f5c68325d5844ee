import type { PolicyType } from '../types.ts'

/** What the grammar of one policy type requires, allows and forbids. */
export interface PolicyTypeRules {
  /** Principal/NotPrincipal: required in every statement, or forbidden. */
  readonly principal: 'required' | 'forbidden'
  /** Whether NotPrincipal is supported (where principals are required). */
  readonly notPrincipal: boolean
  /** Resource/NotResource: required in every statement, or forbidden (trust policies). */
  readonly resource: 'required' | 'forbidden'
  /** Whether NotAction is supported. */
  readonly notAction: boolean
  /** Whether Sid is limited to [0-9A-Za-z]* (IAM). */
  readonly iamSid: boolean
  /** Whether Sids must be unique within the policy (resource policies: up to each service). */
  readonly uniqueSid: boolean
  /** Whether the document is limited to tab, LF, CR and U+0020..U+00FF (IAM and STS). */
  readonly iamCharacters: boolean
  /** Whether `"Version": "2012-10-17"` is mandatory (AWS Organizations policies). */
  readonly versionRequired: boolean
  /** Whether an Id element is out of place (identity-based policies, per the grammar notes). */
  readonly idDiscouraged: boolean
  /** Trust policies: Action may only name STS actions. */
  readonly stsActionsOnly: boolean
  /** RCPs: Principal must be "*", and only RCPFullAWSAccess may Allow. */
  readonly rcp: boolean
}

const IAM_IDENTITY: PolicyTypeRules = {
  principal: 'forbidden',
  notPrincipal: false,
  resource: 'required',
  notAction: true,
  iamSid: true,
  uniqueSid: true,
  iamCharacters: true,
  versionRequired: false,
  idDiscouraged: true,
  stsActionsOnly: false,
  rcp: false,
}

/**
 * The rules of each policy type, from the IAM User Guide ("Grammar of the IAM JSON policy
 * language", "Principal", "NotPrincipal", "IAM and AWS STS quotas") and the AWS Organizations User
 * Guide ("SCP syntax": since 2025 SCPs take the full language minus principals; "RCP syntax").
 */
export const POLICY_TYPE_RULES: { readonly [T in PolicyType]: PolicyTypeRules } = {
  identity: IAM_IDENTITY,
  permissionBoundary: IAM_IDENTITY,
  session: IAM_IDENTITY,
  resource: {
    principal: 'required',
    notPrincipal: true,
    resource: 'required',
    notAction: true,
    iamSid: false,
    uniqueSid: false,
    iamCharacters: false,
    versionRequired: false,
    idDiscouraged: false,
    stsActionsOnly: false,
    rcp: false,
  },
  trust: {
    principal: 'required',
    notPrincipal: false,
    resource: 'forbidden',
    notAction: true,
    iamSid: true,
    uniqueSid: true,
    iamCharacters: true,
    versionRequired: false,
    idDiscouraged: false,
    stsActionsOnly: true,
    rcp: false,
  },
  scp: {
    principal: 'forbidden',
    notPrincipal: false,
    resource: 'required',
    notAction: true,
    iamSid: false,
    uniqueSid: true,
    iamCharacters: false,
    versionRequired: true,
    idDiscouraged: false,
    stsActionsOnly: false,
    rcp: false,
  },
  rcp: {
    principal: 'required',
    notPrincipal: false,
    resource: 'required',
    notAction: false,
    iamSid: false,
    uniqueSid: true,
    iamCharacters: false,
    versionRequired: true,
    idDiscouraged: false,
    stsActionsOnly: false,
    rcp: true,
  },
}
