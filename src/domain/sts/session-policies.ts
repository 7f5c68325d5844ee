/**
 * Session policies (AssumeRole's Policy and PolicyArns) and the packed size STS reports.
 *
 * AWS packs the inline policy, the managed policy ARNs and the session tags into a compressed
 * binary form with a limit of its own, and reports how full it is as PackedPolicySize (percent).
 * Its format is not published; here the packed form is the deflated text, measured against a
 * budget chosen so that sizes land near AWS's: a one-statement policy reports about 20 %, and
 * 2048 characters of varied content pass 100 % (AWS also refuses some policies under 2048).
 */
import { deflateRawSync } from 'node:zlib'
import { parsePolicy } from '../../policy/index.ts'
import { stsErrors } from './errors.ts'
import type { SessionTag } from './session-tags.ts'

/** Deflated bytes that make 100 %. */
export const PACKED_BUDGET_BYTES = 512

/**
 * Validates an inline session policy against the engine's `session` grammar; returns it
 * minified. Throws MalformedPolicyDocument with the first error's message.
 */
export function readSessionPolicy(text: string): string {
  const { policy, problems } = parsePolicy(text, 'session')
  const error = problems.find((p) => p.severity === 'error')
  if (policy === undefined || error !== undefined) {
    throw stsErrors.malformedPolicy(error?.message ?? 'The policy is not in the valid JSON format.')
  }
  return minify(text)
}

/** A policy document without insignificant white space (documents are carried in tokens). */
export function minify(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text))
  } catch {
    return text
  }
}

const percentOf = (text: string): number =>
  text.length === 0
    ? 0
    : Math.ceil((deflateRawSync(Buffer.from(text, 'utf8')).length * 100) / PACKED_BUDGET_BYTES)

/** Packed sizes of the policies (inline text and managed ARNs) and of the session tags. */
export function packedSizes(
  policy: string | undefined,
  policyArns: readonly string[],
  tags: readonly SessionTag[],
  transitiveTagKeys: readonly string[],
): { readonly policies: number; readonly tags: number } {
  const policies = [policy ?? '', ...policyArns].filter((s) => s !== '').join('\n')
  const tagText = tags
    .map((t) => `${t.Key}=${t.Value}`)
    .concat(transitiveTagKeys)
    .join('\n')
  return { policies: percentOf(policies), tags: percentOf(tagText) }
}

/**
 * PackedPolicySize for a request, or undefined when it passes no policy and no tag; throws
 * PackedPolicyTooLarge past 100 %.
 */
export function checkPackedSize(
  policy: string | undefined,
  policyArns: readonly string[],
  tags: readonly SessionTag[],
  transitiveTagKeys: readonly string[],
): number | undefined {
  if (policy === undefined && policyArns.length === 0 && tags.length === 0) return undefined
  const size = packedSizes(policy, policyArns, tags, transitiveTagKeys)
  if (size.policies > 100) throw stsErrors.packedPolicyTooLarge(size.policies)
  if (size.tags > 100) throw stsErrors.packedTagsTooLarge(size.tags)
  return Math.max(size.policies, size.tags)
}

/**
 * The session policies' documents, minified: the inline one, then each managed one (PolicyArns);
 * throws when a managed policy does not exist (stsErrors.noSuchPolicy).
 */
export async function resolveSessionPolicies(
  directory: { managedPolicyDocument(arn: string): Promise<string | undefined> },
  input: { readonly policy?: string | undefined; readonly policyArns: readonly string[] },
): Promise<string[]> {
  const managed = await Promise.all(
    input.policyArns.map(async (arn) => {
      const doc = await directory.managedPolicyDocument(arn)
      if (doc === undefined) throw stsErrors.noSuchPolicy(arn)
      return minify(doc)
    }),
  )
  return input.policy === undefined ? managed : [input.policy, ...managed]
}
