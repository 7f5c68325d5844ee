/**
 * Shrinks a case while a predicate (for example "the two engines disagree") still holds, by
 * deleting policies, statements, list elements, conditions and context keys one at a time.
 * Deletions keep every policy well-formed: a statement keeps its Effect, its Action/NotAction and
 * Resource/NotResource elements (with at least one value) and its principal.
 */
import type { EvaluationCase } from '../../src/policy/types.ts'

const PROTECTED_KEYS = new Set([
  'Version',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Statement',
  'AWS',
  'Service',
])
/** In policies, every array keeps one element except the lists of documents and of levels. */
const MAY_BE_EMPTY = new Set(['identity', 'permissionBoundary', 'session', 'scp', 'rcp'])

type Path = readonly (string | number)[]

function* deletions(
  value: unknown,
  path: Path,
  parentKey: string | undefined,
  inPolicies: boolean,
): Generator<Path> {
  if (Array.isArray(value)) {
    const keepOne = inPolicies && !(parentKey !== undefined && MAY_BE_EMPTY.has(parentKey))
    if (!keepOne || value.length > 1) {
      for (let i = 0; i < value.length; i++) yield [...path, i]
    }
    for (let i = 0; i < value.length; i++)
      yield* deletions(value[i], [...path, i], parentKey, inPolicies)
    return
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!PROTECTED_KEYS.has(k)) yield [...path, k]
      yield* deletions(v, [...path, k], k, inPolicies)
    }
  }
}

function without(root: unknown, path: Path): unknown {
  const copy = structuredClone(root)
  let node = copy as Record<string | number, unknown>
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (Array.isArray(node)) node.splice(last as number, 1)
  else delete node[last]
  return copy
}

/**
 * The smallest case reachable by single deletions for which `holds` stays true.
 * `holds` must be true of `start`; it should return false (not throw) for cases it cannot judge.
 */
export function minimizeCase(
  start: EvaluationCase,
  holds: (c: EvaluationCase) => boolean,
  budget = 2000,
): EvaluationCase {
  let current = start
  let tries = 0
  let progress = true
  while (progress && tries < budget) {
    progress = false
    const roots: [string, unknown][] = [
      ['policies', current.policies],
      ['context', current.request.context ?? {}],
    ]
    for (const [where, root] of roots) {
      for (const path of deletions(root, [], undefined, where === 'policies')) {
        if (++tries > budget) break
        const smaller =
          where === 'policies'
            ? { ...current, policies: without(root, path) as EvaluationCase['policies'] }
            : {
                ...current,
                request: {
                  ...current.request,
                  context: without(root, path) as EvaluationCase['request']['context'],
                },
              }
        let ok: boolean
        try {
          ok = holds(smaller as EvaluationCase)
        } catch {
          ok = false
        }
        if (ok) {
          current = smaller as EvaluationCase
          progress = true
          break
        }
      }
      if (progress) break
    }
  }
  return current
}
