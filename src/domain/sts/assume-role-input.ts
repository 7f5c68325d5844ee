/**
 * AssumeRole's parameters, validated with AWS's wording: constraint violations first (one
 * ValidationError listing them all), then the ARN, the session policy, the tags and the MFA pair.
 */
import { InputReader, PATTERNS } from '../common/input-reader.ts'
import { readSessionPolicy } from './session-policies.ts'
import { checkRequestTags, type SessionTag } from './session-tags.ts'
import { parseRoleArn, readMfa, STS_PATTERNS, type MfaInput, type RoleTarget } from './sts-input.ts'

/** The validated input of AssumeRole. */
export interface AssumeRoleInput {
  readonly role: RoleTarget
  readonly sessionName: string
  readonly durationSeconds: number | undefined
  readonly externalId: string | undefined
  readonly mfa: MfaInput | undefined
  /** The inline session policy, minified. */
  readonly policy: string | undefined
  readonly policyArns: readonly string[]
  readonly tags: readonly SessionTag[]
  /** Spelled as the tags spell them. */
  readonly transitiveTagKeys: readonly string[]
  readonly sourceIdentity: string | undefined
}

/** At most this many managed session policies (IAM and STS quotas). */
export const MAX_POLICY_ARNS = 10

/** Parses and validates AssumeRole's raw parameters. */
export function parseAssumeRole(raw: Readonly<Record<string, unknown>>): AssumeRoleInput {
  const r = new InputReader(raw)
  const roleArn = r.string('RoleArn', { required: true, min: 20, max: 2048, pattern: PATTERNS.arn })
  const sessionName = r.string('RoleSessionName', {
    required: true,
    min: 2,
    max: 64,
    pattern: STS_PATTERNS.sessionName,
  })
  const durationSeconds = r.integer('DurationSeconds', { min: 900, max: 43200 })
  const externalId = r.string('ExternalId', { min: 2, max: 1224, pattern: STS_PATTERNS.externalId })
  const mfa = readMfa(r)
  const policy = r.string('Policy', { min: 1, max: 2048, pattern: PATTERNS.policyDocument })
  const policyArns = readPolicyArns(r)
  const tags = readSessionTags(r)
  const transitive = r.strings('TransitiveTagKeys', { max: 50 })
  const sourceIdentity = r.string('SourceIdentity', {
    min: 2,
    max: 64,
    pattern: STS_PATTERNS.sessionName,
  })
  r.done()

  const role = parseRoleArn(roleArn)
  const transitiveTagKeys = checkRequestTags(tags, transitive)
  return {
    role,
    sessionName,
    durationSeconds,
    externalId,
    mfa: mfa(),
    policy: policy === undefined ? undefined : readSessionPolicy(policy),
    policyArns,
    tags,
    transitiveTagKeys,
    sourceIdentity,
  }
}

/** PolicyArns (`PolicyArns.member.N.arn`), at most ten, each 20 to 2048 characters. */
export function readPolicyArns(r: InputReader): string[] {
  return r.list('PolicyArns', { max: MAX_POLICY_ARNS }).map((item, i) => {
    const entry = (item ?? {}) as Record<string, unknown>
    const arn = entry.arn ?? entry.Arn
    if (typeof arn !== 'string' || arn.length < 20 || arn.length > 2048) {
      r.fail(`PolicyArns.${i + 1}.member.arn`, arn, 'Member must have length between 20 and 2048')
      return ''
    }
    return arn
  })
}

/** Session tags (`Tags.member.N`), their keys and values checked against STS's patterns. */
export function readSessionTags(r: InputReader): SessionTag[] {
  const tags = r.tags('Tags')
  tags.forEach((t, i) => {
    if (!STS_PATTERNS.tagKey[0].test(t.Key)) {
      r.fail(`Tags.${i + 1}.member.key`, t.Key, patternText(STS_PATTERNS.tagKey[1]))
    }
    if (!STS_PATTERNS.tagValue[0].test(t.Value)) {
      r.fail(`Tags.${i + 1}.member.value`, t.Value, patternText(STS_PATTERNS.tagValue[1]))
    }
  })
  return tags
}

const patternText = (p: string) => `Member must satisfy regular expression pattern: ${p}`
