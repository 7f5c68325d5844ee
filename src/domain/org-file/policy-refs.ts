import type { FilePath, ProblemSink } from './file-problem.ts'
import type { PolicyRef } from './org-file-model.ts'

/**
 * AWS managed policies a file may name without their ARN, with their paths. Any other AWS managed
 * policy is written as its ARN (`arn:aws:iam::aws:policy/…`).
 */
export const AWS_MANAGED_POLICY_PATHS: Readonly<Record<string, string>> = {
  AdministratorAccess: '/',
  PowerUserAccess: '/',
  ReadOnlyAccess: '/',
  ViewOnlyAccess: '/job-function/',
  SecurityAudit: '/',
  IAMFullAccess: '/',
  IAMReadOnlyAccess: '/',
  AmazonS3FullAccess: '/',
  AmazonS3ReadOnlyAccess: '/',
}

const POLICY_ARN =
  /^arn:aws:iam::(?:aws|\d{12}|\{\{[^{}]+\}\}):policy\/(?:[\u0021-\u007e]+\/)?[\w+=,.@-]+$/

/**
 * Resolves a managed policy reference: an ARN as written, else a customer managed policy declared
 * in the same account, else a known AWS managed policy.
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
  const awsPath = AWS_MANAGED_POLICY_PATHS[text]
  if (awsPath !== undefined)
    return { kind: 'aws', name: text, arn: `arn:aws:iam::aws:policy${awsPath}${text}` }
  sink.add(
    path,
    `'${text}' is neither a policy declared in account '${account.name}' nor a known AWS managed policy (${Object.keys(AWS_MANAGED_POLICY_PATHS).join(', ')}); write another AWS managed policy as its ARN`,
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
