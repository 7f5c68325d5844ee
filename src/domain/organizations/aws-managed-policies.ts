/**
 * The policy types AWS Organizations knows, the two xaccess enforces, and the AWS-managed
 * policies AWS attaches everywhere when a type is enabled: `FullAWSAccess` for SCPs and
 * `RCPFullAWSAccess` for RCPs (Organizations User Guide, "Service control policies" and
 * "Resource control policies").
 */
import type { PolicyType as EnginePolicyType } from '../../policy/index.ts'
import { orgArns } from './org-arns.ts'
import { POLICY_TYPES, type PolicyRecord, type PolicyType } from './organizations-records.ts'

/** Every policy type in AWS's API (the `PolicyType` enum); xaccess stores two of them. */
export const AWS_POLICY_TYPES = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
  'SECURITYHUB_CSPM_POLICY',
  'INSPECTOR_POLICY',
  'GUARDDUTY_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
] as const
/** One of {@link AWS_POLICY_TYPES}. */
export type AwsPolicyType = (typeof AWS_POLICY_TYPES)[number]

/** True for the policy types xaccess stores and enforces. */
export const isSupportedPolicyType = (type: string): type is PolicyType =>
  (POLICY_TYPES as readonly string[]).includes(type)

/** The engine's grammar for each Organizations policy type. */
export const ENGINE_POLICY_TYPE: { readonly [T in PolicyType]: EnginePolicyType } = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
}

/** The AWS-managed policy attached everywhere while its type is enabled. */
export const FULL_ACCESS_POLICY_ID: { readonly [T in PolicyType]: string } = {
  SERVICE_CONTROL_POLICY: 'p-FullAWSAccess',
  RESOURCE_CONTROL_POLICY: 'p-RCPFullAWSAccess',
}

/** The AWS-managed policies, as AWS publishes them. */
export const AWS_MANAGED_POLICIES: readonly PolicyRecord[] = [
  {
    id: FULL_ACCESS_POLICY_ID.SERVICE_CONTROL_POLICY,
    organizationId: null,
    arn: orgArns.awsPolicy('SERVICE_CONTROL_POLICY', FULL_ACCESS_POLICY_ID.SERVICE_CONTROL_POLICY),
    type: 'SERVICE_CONTROL_POLICY',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    }),
    awsManaged: true,
  },
  {
    id: FULL_ACCESS_POLICY_ID.RESOURCE_CONTROL_POLICY,
    organizationId: null,
    arn: orgArns.awsPolicy(
      'RESOURCE_CONTROL_POLICY',
      FULL_ACCESS_POLICY_ID.RESOURCE_CONTROL_POLICY,
    ),
    type: 'RESOURCE_CONTROL_POLICY',
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    }),
    awsManaged: true,
  },
]
