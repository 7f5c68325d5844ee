/** The policies of one type (or one SCP/RCP level), parsed and compiled together. */
import type { ArnPatternCache } from './arn-pattern.ts'
import { compileStatement, type CompiledStatement } from './compiled-statement.ts'
import { parsePolicy } from './parse-policy.ts'
import type { Diagnostic, PolicyInput, PolicyType, Problem, StatementRef } from './types.ts'

export interface CompiledGroup {
  readonly type: PolicyType
  readonly level: number | undefined
  readonly statements: readonly CompiledStatement[]
  readonly diagnostics: readonly Diagnostic[]
}

/** The statements of a group that cover one action, split by effect. */
export interface ActionSlice {
  readonly allows: readonly CompiledStatement[]
  readonly denies: readonly CompiledStatement[]
}

/**
 * Problems that AWS checks when a policy is written but that do not change what it means: a policy
 * with only these is still evaluated. Any other error makes the policy invalid, and it is skipped.
 */
const WRITE_TIME_ONLY: ReadonlySet<string> = new Set([
  'policy_too_large',
  'invalid_characters',
  'invalid_sid',
  'duplicate_sid',
])

const skips = (problems: readonly Problem[]) =>
  problems.some((p) => p.severity === 'error' && !WRITE_TIME_ONLY.has(p.code))

/**
 * Parses and compiles policies; a policy that cannot be understood is skipped with a diagnostic.
 * @param cache shares compiled resource patterns among the groups of one policy set
 */
export function compileGroup(
  inputs: readonly PolicyInput[],
  type: PolicyType,
  level: number | undefined,
  cache?: ArnPatternCache,
): CompiledGroup {
  const statements: CompiledStatement[] = []
  const diagnostics: Diagnostic[] = []
  inputs.forEach((input, policyIndex) => {
    const { policy, problems } = parsePolicy(input, type)
    const where =
      level === undefined
        ? { policyType: type, policyIndex }
        : { policyType: type, policyIndex, level }
    if (problems.length > 0) diagnostics.push({ ...where, problems })
    if (policy === undefined || skips(problems)) return
    const variables = policy.version === '2012-10-17'
    for (const st of policy.statements) {
      const ref: StatementRef = {
        ...where,
        ...(policy.name === undefined ? {} : { policyName: policy.name }),
        statementIndex: st.index,
        ...(st.sid === undefined ? {} : { sid: st.sid }),
        effect: st.effect,
      }
      statements.push(compileStatement(st, type, variables, ref, cache))
    }
  })
  return { type, level, statements, diagnostics }
}

/** The statements of the group whose Action/NotAction covers `lowerAction`. */
export function sliceGroup(group: CompiledGroup, lowerAction: string): ActionSlice {
  const allows: CompiledStatement[] = []
  const denies: CompiledStatement[] = []
  for (const st of group.statements) {
    if (st.coversAction(lowerAction)) (st.allow ? allows : denies).push(st)
  }
  return { allows, denies }
}
