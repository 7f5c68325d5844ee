/** Checks that parsed JSON has the shape of an evaluation case, with a message for the first problem. */
import type { EvaluationCase } from '../policy/index.ts'

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

const POLICY_LISTS = ['identity', 'permissionBoundary', 'session'] as const
const LEVELLED = ['scp', 'rcp'] as const
const KNOWN_POLICY_KEYS = new Set<string>([...POLICY_LISTS, ...LEVELLED, 'resource'])

/** The first problem with a case's shape, or undefined when it can be evaluated. */
export function caseShapeProblem(c: unknown): string | undefined {
  if (!isObject(c)) return 'a case must be a JSON object with "request" and "policies"'
  const { request, policies } = c
  if (!isObject(request)) return '"request" must be an object'
  const principal = request.principal
  if (typeof principal !== 'string' && !(isObject(principal) && principal.type === 'Anonymous')) {
    return '"request.principal" must be a string, or {"type": "Anonymous"} for an unsigned request'
  }
  for (const field of ['action', 'resource'] as const) {
    if (typeof request[field] !== 'string') return `"request.${field}" must be a string`
  }
  for (const field of ['resourceAccount', 'managementAccount'] as const) {
    if (request[field] !== undefined && typeof request[field] !== 'string') {
      return `"request.${field}" must be a string`
    }
  }
  if (request.context !== undefined && !isObject(request.context)) {
    return '"request.context" must be an object of condition keys'
  }
  if (policies === undefined) return undefined
  if (!isObject(policies)) return '"policies" must be an object'
  for (const key of Object.keys(policies)) {
    if (!KNOWN_POLICY_KEYS.has(key))
      return `"policies.${key}" is not a policy type (known: ${[...KNOWN_POLICY_KEYS].join(', ')})`
  }
  for (const key of POLICY_LISTS) {
    if (policies[key] !== undefined && !Array.isArray(policies[key])) {
      return `"policies.${key}" must be an array of policy documents`
    }
  }
  for (const key of LEVELLED) {
    const v = policies[key]
    if (v === undefined) continue
    if (!Array.isArray(v) || !v.every(Array.isArray)) {
      return `"policies.${key}" must be an array of levels, each an array of policy documents`
    }
  }
  return undefined
}

/** Narrows after `caseShapeProblem` returned undefined. */
export const asCase = (c: unknown): EvaluationCase => c as EvaluationCase
