import { awsManagedPolicyByName } from '../iam/aws-managed-policies.ts'
import type { FilePath, ProblemSink } from './file-problem.ts'
import type { PolicyRef } from './org-file-model.ts'

const POLICY_ARN =
  /^arn:aws:iam::(?:aws|\d{12}|\{\{[^{}]+\}\}):policy\/(?:[\u0021-\u007e]+\/)?[\w+=,.@-]+$/

/**
 * Resolves a managed policy reference: an ARN as written, else a customer managed policy declared
 * in the same account, else an AWS managed policy of the catalog by name (any of them, any path).
 * @returns the reference, or undefined when it resolves to nothing (reported)
 */
export function readPolicyRef(
  text: string,
  path: FilePath,
  sink: ProblemSink,
  account: { readonly name: string; readonly policyNames: ReadonlySet<string> },
): PolicyRef | undefined {
  if (text.startsWith('arn:')) {
    if (!POLICY_ARN.test(text)) {
      sink.add(path, `'${text}' is not a policy ARN (arn:aws:iam::ACCOUNT-or-aws:policy/PATH/NAME)`)
      return undefined
    }
    return { kind: 'arn', arn: text }
  }
  if (account.policyNames.has(text)) return { kind: 'customer', name: text }
  const aws = awsManagedPolicyByName(text)
  if (aws !== undefined) return { kind: 'aws', name: text, arn: aws.arn }
  sink.add(
    path,
    `'${text}' is neither a policy declared in account '${account.name}' nor an AWS managed policy`,
  )
  return undefined
}

/**
 * The ARN a reference stands for in an account, once ids are known (placeholders still to fill).
 * Customer managed policies need their path, looked up by name.
 */
export function policyRefArn(
  ref: PolicyRef,
  accountId: string,
  customerPaths: ReadonlyMap<string, string>,
): string {
  if (ref.kind !== 'customer') return ref.arn
  return `arn:aws:iam::${accountId}:policy${customerPaths.get(ref.name) ?? '/'}${ref.name}`
}
