/**
 * A statement compiled once into plain data; evaluation reuses it for every request. Matchers
 * are data (patterns, conditions) tested by one function each, not closures: one shape per kind
 * keeps the evaluation's call sites monomorphic, and its speed steady.
 */
import {
  compileArnPattern,
  matchArn,
  type ArnPattern,
  type ArnPatternCache,
} from './arn-pattern.ts'
import {
  compileConditions,
  conditionsHold,
  type CompiledCondition,
} from './conditions/compile-condition.ts'
import { compileGlob, type Matcher } from './glob.ts'
import {
  compilePrincipal,
  DIRECT,
  NONE,
  principalGrant,
  type Grant,
  type PrincipalTest,
} from './principal-grant.ts'
import type { PrincipalInfo } from './principal-info.ts'
import type { RequestContext } from './request-context.ts'
import type { PolicyType, Statement, StatementRef } from './types.ts'

/** A Resource or NotResource element. */
export interface ResourceTest {
  /** Set when the answer does not depend on the resource. */
  readonly always: boolean | undefined
  readonly negated: boolean
  readonly patterns: readonly ArnPattern[]
}

export interface CompiledStatement {
  readonly ref: StatementRef
  readonly allow: boolean
  /** True when the statement's Action/NotAction covers the action (given in lower case). */
  readonly coversAction: Matcher
  readonly resource: ResourceTest
  /** Resource-based policies only. */
  readonly principal: PrincipalTest | undefined
  /**
   * A Deny with NotPrincipal: it always applies to a principal that has a permissions boundary
   * (IAM User Guide, "Permissions boundaries for IAM entities").
   */
  readonly notPrincipalDeny: boolean
  readonly conditions: readonly CompiledCondition[]
  /** No principal, resource or condition to test (`Allow * *` in an SCP, say): it always applies. */
  readonly unconditional: boolean
}

function actionMatcher(st: Statement): Matcher {
  const el = st.action
  if (el === undefined) return () => false
  const matchers = el.values.map((v) => compileGlob(v.toLowerCase()))
  const any: Matcher = el.values.includes('*') ? () => true : (a) => matchers.some((m) => m(a))
  return el.kind === 'Action' ? any : (a) => !any(a)
}

function resourceTest(
  st: Statement,
  type: PolicyType,
  variables: boolean,
  cache: ArnPatternCache | undefined,
): ResourceTest {
  const el = st.resource
  if (el === undefined) {
    // A trust policy names no resource: it is the role's own policy. Elsewhere a missing
    // Resource is invalid; fail closed both ways (an Allow covers nothing, a Deny everything).
    return { always: type === 'trust' || st.effect === 'Deny', negated: false, patterns: [] }
  }
  if (el.kind === 'Resource' && el.values.includes('*')) {
    return { always: true, negated: false, patterns: [] }
  }
  const patterns = el.values.map((v) => compileArnPattern(v, variables, cache))
  return { always: undefined, negated: el.kind === 'NotResource', patterns }
}

function resourceMatches(t: ResourceTest, resource: string, ctx: RequestContext): boolean {
  if (t.always !== undefined) return t.always
  const patterns = t.patterns
  for (let i = 0; i < patterns.length; i++) {
    if (matchArn(patterns[i]!, resource, ctx)) return !t.negated
  }
  return t.negated
}

/**
 * Compiles one statement of a parsed policy.
 * @param cache shares compiled resource patterns among the statements of one policy set
 */
export function compileStatement(
  st: Statement,
  type: PolicyType,
  variables: boolean,
  ref: StatementRef,
  cache?: ArnPatternCache,
): CompiledStatement {
  const usesPrincipal = type === 'resource' || type === 'trust' || type === 'rcp'
  const resource = resourceTest(st, type, variables, cache)
  const conditions = compileConditions(st.conditions, variables)
  return {
    ref,
    allow: st.effect === 'Allow',
    coversAction: actionMatcher(st),
    resource,
    principal: usesPrincipal ? compilePrincipal(st.principal, st.effect) : undefined,
    notPrincipalDeny: st.effect === 'Deny' && st.principal?.kind === 'NotPrincipal',
    conditions,
    unconditional: !usesPrincipal && resource.always === true && conditions.length === 0,
  }
}

/**
 * Whether the statement applies to the request, as a grant: NONE when it does not apply, DIRECT
 * for policies without a principal, and the principal's grant for resource-based policies.
 * The caller has already checked the action.
 */
export function statementGrant(
  st: CompiledStatement,
  resource: string,
  ctx: RequestContext,
  principal: PrincipalInfo,
  bounded = false,
): Grant {
  if (st.unconditional) return DIRECT
  let grant: Grant = DIRECT
  if (st.principal !== undefined && !(bounded && st.notPrincipalDeny)) {
    grant = principalGrant(st.principal, principal)
    if (grant === NONE) return NONE
  }
  if (!resourceMatches(st.resource, resource, ctx)) return NONE
  if (!conditionsHold(st.conditions, ctx)) return NONE
  return grant
}
