/** One case in, one result out: the library's simplest entry point. */
import { compile } from './authorizer.ts'
import type { EvaluationCase, Result } from './types.ts'

/**
 * Evaluates one case. For many requests against the same policies, `compile` once instead.
 * @example evaluate({ request, policies: { identity: [doc] } }).decision // 'Allowed'
 */
export function evaluate(c: EvaluationCase): Result {
  const policies = c !== null && typeof c === 'object' ? c.policies : undefined
  const request = c !== null && typeof c === 'object' ? c.request : undefined
  return compile(policies ?? {}).authorize(request as EvaluationCase['request'])
}
