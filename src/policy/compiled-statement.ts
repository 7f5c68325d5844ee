/** A statement compiled once into matchers; evaluation reuses it for every request. */
import { compileArnPattern, type ArnMatcher } from './arn-pattern.ts'
import { compileConditions, type ConditionCheck } from './conditions/compile-condition.ts'
import { compileGlob, type Matcher } from './glob.ts'
import {
  compilePrincipal,
  DIRECT,
  NONE,
  type Grant,
  type PrincipalMatcher,
} from './principal-grant.ts'
import type { PrincipalInfo } from './principal-info.ts'
import type { RequestContext } from './request-context.ts'
import type { PolicyType, Statement, StatementRef } from './types.ts'

export interface CompiledStatement {
  readonly ref: StatementRef
  readonly allow: boolean
  /** True when the statement's Action/NotAction covers the action (given in lower case). */
  readonly coversAction: Matcher
  readonly resource: ArnMatcher
  /** Resource-based policies only. */
  readonly principal: PrincipalMatcher | undefined
  /**
   * A Deny with NotPrincipal: it always applies to a principal that has a permissions boundary
   * (IAM User Guide, "Permissions boundaries for IAM entities").
   */
  readonly notPrincipalDeny: boolean
  readonly condition: ConditionCheck | undefined
}

function actionMatcher(st: Statement): Matcher {
  const el = st.action
  if (el === undefined) return () => false
  const matchers = el.values.map((v) => compileGlob(v.toLowerCase()))
  const any: Matcher = el.values.includes('*') ? () => true : (a) => matchers.some((m) => m(a))
  return el.kind === 'Action' ? any : (a) => !any(a)
}

function resourceMatcher(st: Statement, type: PolicyType, variables: boolean): ArnMatcher {
  const el = st.resource
  if (el === undefined) {
    // A trust policy names no resource: it is the role's own policy. Elsewhere a missing
    // Resource is invalid; fail closed both ways (an Allow covers nothing, a Deny everything).
    const all = type === 'trust' || st.effect === 'Deny'
    return () => all
  }
  if (el.kind === 'Resource' && el.values.includes('*')) return () => true
  const matchers = el.values.map((v) => compileArnPattern(v, variables))
  const any: ArnMatcher =
    matchers.length === 1
      ? matchers[0]!
      : (r, ctx) => {
          for (const m of matchers) if (m(r, ctx)) return true
          return false
        }
  return el.kind === 'Resource' ? any : (r, ctx) => !any(r, ctx)
}

/** Compiles one statement of a parsed policy. */
export function compileStatement(
  st: Statement,
  type: PolicyType,
  variables: boolean,
  ref: StatementRef,
): CompiledStatement {
  const usesPrincipal = type === 'resource' || type === 'trust' || type === 'rcp'
  let principal: PrincipalMatcher | undefined
  if (usesPrincipal)
    principal = st.principal === undefined ? () => NONE : compilePrincipal(st.principal, st.effect)
  return {
    ref,
    allow: st.effect === 'Allow',
    coversAction: actionMatcher(st),
    resource: resourceMatcher(st, type, variables),
    principal,
    notPrincipalDeny: st.effect === 'Deny' && st.principal?.kind === 'NotPrincipal',
    condition: compileConditions(st.conditions, variables),
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
  let grant: Grant = DIRECT
  if (st.principal !== undefined && !(bounded && st.notPrincipalDeny)) {
    grant = st.principal(principal)
    if (grant === NONE) return NONE
  }
  if (!st.resource(resource, ctx)) return NONE
  if (st.condition !== undefined && !st.condition(ctx)) return NONE
  return grant
}
