/**
 * Checks an SCP or RCP document as Organizations does on CreatePolicy and UpdatePolicy: larger
 * than the type's limit (5,120 characters) is ConstraintViolationException
 * POLICY_CONTENT_LIMIT_EXCEEDED; any other error MalformedPolicyDocumentException.
 */
import { parsePolicy } from '../../policy/index.ts'
import { ENGINE_POLICY_TYPE } from './aws-managed-policies.ts'
import { orgErrors } from './errors.ts'
import type { PolicyType } from './organizations-records.ts'

/** Throws AWS's error for a document Organizations would refuse. */
export function checkPolicyContent(content: string, type: PolicyType): void {
  const { policy, problems } = parsePolicy(content, ENGINE_POLICY_TYPE[type])
  const errors = problems.filter((p) => p.severity === 'error')
  if (errors.some((p) => p.code === 'policy_too_large')) {
    throw orgErrors.ConstraintViolationException('POLICY_CONTENT_LIMIT_EXCEEDED')
  }
  if (policy === undefined || errors.length > 0) throw orgErrors.MalformedPolicyDocumentException()
}
