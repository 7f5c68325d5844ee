/**
 * ARNs of Organizations resources, as the Service Authorization Reference lists them. Every ARN
 * but an AWS-managed policy's names the management account and the organization.
 */
import type { PolicyType } from './organizations-records.ts'

const PREFIX = 'arn:aws:organizations::'

/** The lowercase form of a policy type in policy ARNs: `service_control_policy`. */
export const policyTypeArnSegment = (type: PolicyType): string => type.toLowerCase()

/** Builders of Organizations ARNs. */
export const orgArns = {
  organization: (mgmt: string, orgId: string) => `${PREFIX}${mgmt}:organization/${orgId}`,
  root: (mgmt: string, orgId: string, rootId: string) => `${PREFIX}${mgmt}:root/${orgId}/${rootId}`,
  ou: (mgmt: string, orgId: string, ouId: string) => `${PREFIX}${mgmt}:ou/${orgId}/${ouId}`,
  account: (mgmt: string, orgId: string, accountId: string) =>
    `${PREFIX}${mgmt}:account/${orgId}/${accountId}`,
  policy: (mgmt: string, orgId: string, type: PolicyType, policyId: string) =>
    `${PREFIX}${mgmt}:policy/${orgId}/${policyTypeArnSegment(type)}/${policyId}`,
  /** `arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess` */
  awsPolicy: (type: PolicyType, policyId: string) =>
    `${PREFIX}aws:policy/${policyTypeArnSegment(type)}/${policyId}`,
} as const
