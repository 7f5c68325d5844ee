import type { PolicyType, PolicyVersion } from '../types.ts'
import type { PolicyTypeRules } from './policy-type-rules.ts'
import type { ProblemCollector } from './problem-collector.ts'

/** What the parts of the parser share while reading one policy. */
export interface ParseContext {
  readonly policyType: PolicyType
  readonly rules: PolicyTypeRules
  readonly version: PolicyVersion
  readonly policyName: string | undefined
  readonly out: ProblemCollector
}

/** True for a non-null, non-array object: a JSON object once the document is plain data. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
