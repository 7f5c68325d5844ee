/**
 * Validates a policy document before IAM stores it: AWS's size limit for where it goes (white
 * space outside strings not counted), then the engine's parser for its type; the first error
 * becomes MalformedPolicyDocument with the parser's (AWS's) wording.
 */
import { parsePolicy, type PolicyType } from '../../../policy/index.ts'
import type { DomainError } from '../../common/domain-error.ts'
import { iamErrors } from '../errors.ts'

/**
 * IAM's size limits, in characters without white space (IAM and STS quotas). The inline ones hold
 * for each document and for all of one entity's inline policies together.
 */
export const POLICY_SIZE = {
  userInline: 2048,
  groupInline: 5120,
  roleInline: 10240,
  managed: 6144,
  trust: 2048,
} as const

/** The length of JSON text without the white space outside strings. */
export function compactLength(text: string): number {
  let n = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      n++
      if (c === '\\') {
        n++
        i++
      } else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      n++
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') n++
  }
  return n
}

/**
 * Throws `tooLarge()` when the document exceeds `limit`, MalformedPolicyDocument when it does
 * not parse as a valid policy of `type`.
 */
export function checkPolicyDocument(
  document: string,
  type: PolicyType,
  limit: number,
  tooLarge: () => DomainError,
): void {
  if (compactLength(document) > limit) throw tooLarge()
  const { problems } = parsePolicy(document, type)
  const error = problems.find((p) => p.severity === 'error' && p.code !== 'policy_too_large')
  if (error !== undefined) throw iamErrors.malformedPolicy(error.message)
}
