import type { ProblemCollector } from './problem-collector.ts'

/**
 * Reads an element whose value is a string or a non-empty array of strings (Action, Resource,
 * principal lists). Anything else is a fatal problem: the element cannot be understood.
 */
export function readStringList(
  raw: unknown,
  element: string,
  path: string,
  out: ProblemCollector,
): readonly string[] | undefined {
  if (typeof raw === 'string') return [raw]
  if (Array.isArray(raw) && raw.length > 0 && raw.every((v) => typeof v === 'string')) {
    return raw as string[]
  }
  out.fatalError(path, { code: 'invalid_string_list', element })
  return undefined
}
