import type {
  ActionElement,
  Condition,
  Effect,
  PrincipalElement,
  ResourceElement,
  Statement,
} from '../types.ts'
import { checkAction, isStsAction, isValidResource } from './check-action.ts'
import { checkNoPolicyVariable, checkPolicyVariables } from './check-policy-variables.ts'
import { childPath } from './json-path.ts'
import { isRecord, type ParseContext } from './parse-context.ts'
import { parseConditionBlock } from './parse-condition-block.ts'
import { parsePrincipal } from './parse-principal.ts'
import { readStringList } from './read-string-list.ts'

const STATEMENT_ELEMENTS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
])
const IAM_SID = /^[0-9A-Za-z]*$/

/**
 * Reads one statement. Returns undefined when it cannot be understood (the problem is recorded as
 * fatal). Elements a policy type forbids (Principal in an identity policy, Resource in a trust
 * policy) are reported and left out of the result.
 */
export function parseStatement(
  raw: unknown,
  index: number,
  path: string,
  ctx: ParseContext,
): Statement | undefined {
  const { out, rules } = ctx
  if (!isRecord(raw)) {
    out.fatalError(path, { code: 'invalid_statement' })
    return undefined
  }
  // Track fatal problems of this statement alone, then fold them back into the policy's flag.
  const fatalBefore = out.fatal
  out.fatal = false
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.has(key)) {
      out.fatalError(childPath(path, key), { code: 'unknown_statement_element', key })
    }
  }
  const sid = readSid(raw, path, ctx)
  const effect = readEffect(raw, path, ctx)
  const action = readAction(raw, path, ctx)
  const resource = readResource(raw, path, ctx)
  const principal = readPrincipal(raw, effect, path, ctx)
  const conditions: readonly Condition[] = Object.hasOwn(raw, 'Condition')
    ? parseConditionBlock(raw.Condition, childPath(path, 'Condition'), ctx)
    : []
  if (
    rules.rcp &&
    effect === 'Allow' &&
    !isRcpFullAccess(ctx, principal, action, resource, conditions)
  ) {
    out.error(childPath(path, 'Effect'), { code: 'rcp_allow' })
  }
  const broken = out.fatal
  out.fatal = fatalBefore || broken
  if (broken || effect === undefined) return undefined
  return { index, sid, effect, action, resource, principal, conditions }
}

function readSid(
  raw: Record<string, unknown>,
  path: string,
  ctx: ParseContext,
): string | undefined {
  if (!Object.hasOwn(raw, 'Sid')) return undefined
  const sid = raw.Sid
  const sidPath = childPath(path, 'Sid')
  if (typeof sid !== 'string') {
    ctx.out.error(sidPath, { code: 'invalid_sid', value: String(sid) })
    return undefined
  }
  if (ctx.rules.iamSid && !IAM_SID.test(sid))
    ctx.out.error(sidPath, { code: 'invalid_sid', value: sid })
  return sid
}

function readEffect(
  raw: Record<string, unknown>,
  path: string,
  ctx: ParseContext,
): Effect | undefined {
  if (!Object.hasOwn(raw, 'Effect')) {
    ctx.out.fatalError(path, { code: 'missing_effect' })
    return undefined
  }
  const effect = raw.Effect
  if (effect === 'Allow' || effect === 'Deny') return effect
  const value = typeof effect === 'string' ? effect : JSON.stringify(effect)
  ctx.out.fatalError(childPath(path, 'Effect'), { code: 'invalid_effect', value })
  return undefined
}

function readAction(
  raw: Record<string, unknown>,
  path: string,
  ctx: ParseContext,
): ActionElement | undefined {
  const { out, rules } = ctx
  const hasAction = Object.hasOwn(raw, 'Action')
  const hasNot = Object.hasOwn(raw, 'NotAction')
  if (hasAction && hasNot) {
    out.fatalError(path, { code: 'action_and_not_action' })
    return undefined
  }
  if (!hasAction && !hasNot) {
    out.fatalError(path, { code: 'missing_action' })
    return undefined
  }
  const kind = hasAction ? 'Action' : 'NotAction'
  const elementPath = childPath(path, kind)
  const values = readStringList(raw[kind], kind, elementPath, out)
  if (values === undefined) return undefined
  for (const value of values) {
    const problem = checkAction(value)
    if (problem !== undefined) out.error(elementPath, problem)
    checkNoPolicyVariable(value, kind, elementPath, ctx)
  }
  if (kind === 'NotAction' && !rules.notAction) {
    out.error(elementPath, { code: 'not_action_unsupported', policyType: ctx.policyType })
  }
  if (kind === 'Action' && rules.stsActionsOnly && !values.every(isStsAction)) {
    out.error(elementPath, { code: 'trust_policy_action' })
  }
  return { kind, values }
}

function readResource(
  raw: Record<string, unknown>,
  path: string,
  ctx: ParseContext,
): ResourceElement | undefined {
  const { out, rules } = ctx
  const hasResource = Object.hasOwn(raw, 'Resource')
  const hasNot = Object.hasOwn(raw, 'NotResource')
  if (rules.resource === 'forbidden') {
    for (const field of ['Resource', 'NotResource'] as const) {
      if (Object.hasOwn(raw, field))
        out.error(childPath(path, field), { code: 'prohibited_field', field })
    }
    return undefined
  }
  if (hasResource && hasNot) {
    out.fatalError(path, { code: 'resource_and_not_resource' })
    return undefined
  }
  if (!hasResource && !hasNot) {
    out.fatalError(path, { code: 'missing_resource' })
    return undefined
  }
  const kind = hasResource ? 'Resource' : 'NotResource'
  const elementPath = childPath(path, kind)
  const values = readStringList(raw[kind], kind, elementPath, out)
  if (values === undefined) return undefined
  for (const value of values) {
    if (!isValidResource(value)) out.error(elementPath, { code: 'invalid_resource', value })
    checkPolicyVariables(value, elementPath, ctx)
  }
  return { kind, values }
}

function readPrincipal(
  raw: Record<string, unknown>,
  effect: Effect | undefined,
  path: string,
  ctx: ParseContext,
): PrincipalElement | undefined {
  const { out, rules } = ctx
  if (rules.principal === 'forbidden') {
    for (const field of ['Principal', 'NotPrincipal'] as const) {
      if (Object.hasOwn(raw, field))
        out.error(childPath(path, field), { code: 'principal_forbidden' })
    }
    return undefined
  }
  const hasPrincipal = Object.hasOwn(raw, 'Principal')
  const hasNot = Object.hasOwn(raw, 'NotPrincipal')
  if (hasPrincipal && hasNot) {
    out.fatalError(path, { code: 'principal_and_not_principal' })
    return undefined
  }
  if (!hasPrincipal && !hasNot) {
    out.fatalError(path, { code: 'missing_principal' })
    return undefined
  }
  const kind = hasPrincipal ? 'Principal' : 'NotPrincipal'
  const elementPath = childPath(path, kind)
  const principal = parsePrincipal(kind, raw[kind], elementPath, ctx)
  if (kind === 'NotPrincipal') {
    if (!rules.notPrincipal) {
      out.error(elementPath, { code: 'not_principal_unsupported', policyType: ctx.policyType })
    } else if (effect === 'Allow') {
      // AWS advises against it but resource policies accept it; elsewhere it is invalid.
      if (ctx.policyType === 'resource') out.warn(elementPath, { code: 'not_principal_with_allow' })
      else out.error(elementPath, { code: 'not_principal_with_allow' })
    }
  }
  if (rules.rcp && kind === 'Principal' && raw.Principal !== '*') {
    out.error(elementPath, { code: 'rcp_principal_not_wildcard' })
  }
  return principal
}

/**
 * RCPs allow `Allow` only in RCPFullAWSAccess: accepted when the policy is named so, or when the
 * statement is exactly that policy's statement (Principal, Action and Resource "*", no condition).
 */
function isRcpFullAccess(
  ctx: ParseContext,
  principal: PrincipalElement | undefined,
  action: ActionElement | undefined,
  resource: ResourceElement | undefined,
  conditions: readonly Condition[],
): boolean {
  if (ctx.policyName?.includes('RCPFullAWSAccess') === true) return true
  const onlyStar = (values: readonly string[] | undefined) =>
    values !== undefined && values.length === 1 && values[0] === '*'
  return (
    principal?.kind === 'Principal' &&
    principal.wildcard &&
    action?.kind === 'Action' &&
    onlyStar(action.values) &&
    resource?.kind === 'Resource' &&
    onlyStar(resource.values) &&
    conditions.length === 0
  )
}
