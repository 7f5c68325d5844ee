import { parsePolicy, type PolicyType } from '../../policy/index.ts'
import type { FilePath, ProblemSink } from './file-problem.ts'
import { isMapping } from './field-reader.ts'
import type { PolicyDocument } from './org-file-model.ts'
import { checkPlaceholders, fillPlaceholders, type PlaceholderValues } from './placeholders.ts'

/** What checking a policy document needs: the declared account names and stand-in ids. */
export interface DocumentContext {
  readonly accountNames: ReadonlySet<string>
  readonly sample: PlaceholderValues
}

const TOKEN = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g

/** Splits an engine path (`Statement[0].Condition["aws:SourceIp"]`) into file path parts. */
function splitEnginePath(path: string): (string | number)[] {
  const parts: (string | number)[] = []
  for (const m of path.matchAll(TOKEN)) {
    if (m[1] !== undefined) parts.push(m[1])
    else if (m[2] !== undefined) parts.push(Number(m[2]))
    else if (m[3] !== undefined) parts.push(JSON.parse(m[3]) as string)
  }
  return parts
}

/**
 * Reads a policy document given as a YAML mapping or as JSON text, and checks it with the engine's
 * grammar for `type` (after filling placeholders with stand-in ids). Errors are reported at the
 * statement or element they concern; warnings are not reported.
 * @returns the document (JSON text is kept verbatim when `keepText`), or undefined when unusable
 */
export function readPolicyDocument(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
  type: PolicyType,
  ctx: DocumentContext,
  keepText = false,
): PolicyDocument | string | undefined {
  let data: unknown = value
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value)
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unreadable'
      sink.add(path, `policy document is not valid JSON: ${reason}`)
      return undefined
    }
  }
  if (!isMapping(data)) {
    sink.add(path, 'expected a policy document: a mapping or a JSON string')
    return undefined
  }
  const before = sink.problems.length
  checkPlaceholders(data, path, ctx.accountNames, sink)
  if (sink.problems.length > before) return undefined
  const filled = fillPlaceholders(typeof value === 'string' ? value : data, ctx.sample)
  const { problems } = parsePolicy(filled, type)
  let ok = true
  for (const problem of problems) {
    if (problem.severity !== 'error') continue
    ok = false
    const inner = typeof value === 'string' ? [] : splitEnginePath(problem.path)
    const where = typeof value === 'string' && problem.path !== '' ? ` (at ${problem.path})` : ''
    sink.add([...path, ...inner], `${problem.message}${where}`)
  }
  if (!ok) return undefined
  return keepText && typeof value === 'string' ? value : (data as PolicyDocument)
}
