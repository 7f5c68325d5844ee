/**
 * Validates a policy document before IAM stores it: AWS's size limit for where it goes (white
 * space outside strings not counted), then what IAM's API accepts (iam-policy-grammar.ts), with
 * AWS's terse MalformedPolicyDocument wording; for a trust policy, then the principals it names.
 */
import { parsePolicy } from '../../../policy/index.ts'
import type { DomainError } from '../../common/domain-error.ts'
import { iamErrors } from '../errors.ts'
import { iamPolicyDocumentError, type IamDocumentKind } from '../iam-policy-grammar.ts'

/** The engine's problems with a trust policy's principals that IAM refuses too. */
const TRUST_PRINCIPAL_PROBLEMS: ReadonlySet<string> = new Set([
  'invalid_principal',
  'invalid_principal_shape',
  'unknown_principal_type',
  'empty_principal',
])

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
 * Throws `tooLarge()` when the document exceeds `limit`, MalformedPolicyDocument with AWS's
 * message when IAM's API would refuse it as a document of `kind`.
 */
export function checkPolicyDocument(
  document: string,
  kind: IamDocumentKind,
  limit: number,
  tooLarge: () => DomainError,
): void {
  if (compactLength(document) > limit) throw tooLarge()
  const message = iamPolicyDocumentError(document, kind)
  if (message !== undefined) throw iamErrors.malformedPolicy(message)
  if (kind === 'trust') {
    const { problems } = parsePolicy(document, 'trust')
    const bad = problems.find((p) => p.severity === 'error' && TRUST_PRINCIPAL_PROBLEMS.has(p.code))
    if (bad !== undefined) throw iamErrors.malformedPolicy(bad.message)
  }
}
