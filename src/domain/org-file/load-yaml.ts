import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import type { FilePath, FileProblem, Locate } from './file-problem.ts'

/** The YAML text as data, with a way back from a path to its line and column. */
export type LoadedYaml =
  | { readonly ok: true; readonly value: unknown; readonly locate: Locate }
  | { readonly ok: false; readonly problems: readonly FileProblem[] }

/**
 * Parses YAML 1.2 text (core schema: `yes` and `2012-10-17` stay strings). Syntax errors, duplicate
 * keys and warnings that change meaning come back as problems with their line and column.
 */
export function loadYaml(text: string): LoadedYaml {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const pos = error.linePos?.[0]
        const message = firstLine(error.message)
        return pos === undefined
          ? { path: '', message: `YAML syntax error: ${message}` }
          : { path: '', message: `YAML syntax error: ${message}`, line: pos.line, column: pos.col }
      }),
    }
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 1000 })
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `YAML error: ${String(error)}` }] }
  }
  const locate: Locate = (path) => {
    const offset = findOffset(doc.contents, path)
    if (offset === undefined) return undefined
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  return { ok: true, value, locate }
}

function firstLine(message: string): string {
  const first = message.split('\n')[0] ?? message
  return first.replace(/ at line \d+, column \d+:?$/, '')
}

/** The offset of the node at `path`: a key's own position when the path ends on a key. */
function findOffset(root: unknown, path: FilePath): number | undefined {
  let node: unknown = root
  let offset = rangeStart(node)
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part)
      if (pair === undefined) return offset
      offset = rangeStart(pair.key) ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part]
      if (item === undefined) return offset
      node = item
      offset = rangeStart(node) ?? offset
    } else return offset
  }
  return offset
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range
  return range === undefined || range === null ? undefined : range[0]
}
