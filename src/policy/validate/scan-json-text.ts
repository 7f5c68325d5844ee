import { childPath, indexPath } from './json-path.ts'

/** What one pass over a JSON text finds that `JSON.parse` hides. */
export interface JsonTextScan {
  /** Keys that appear more than once in the same object (`JSON.parse` keeps only the last). */
  readonly duplicates: readonly { readonly path: string; readonly key: string }[]
  /** The length of the text without the white space outside string literals. */
  readonly compactLength: number
}

type Frame =
  | { readonly kind: 'object'; readonly keys: Set<string>; key: string; expectKey: boolean }
  | { readonly kind: 'array'; index: number }

/**
 * Scans a JSON text in one pass, without recursion (so any nesting depth is safe).
 * INVARIANT: `text` is valid JSON (the caller ran `JSON.parse` on it first).
 */
export function scanJsonText(text: string): JsonTextScan {
  const duplicates: { path: string; key: string }[] = []
  const stack: Frame[] = []
  const n = text.length
  let compact = 0
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++
      continue
    }
    if (c === 0x22) {
      const start = i
      let escaped = false
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === 0x5c) {
          escaped = true
          i += 2
        } else if (d === 0x22) break
        else i++
      }
      i++
      compact += i - start
      const top = stack[stack.length - 1]
      if (top !== undefined && top.kind === 'object' && top.expectKey) {
        const raw = text.slice(start, i)
        const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1)
        if (top.keys.has(key)) duplicates.push({ path: childPath(framePath(stack), key), key })
        top.keys.add(key)
        top.key = key
        top.expectKey = false
      }
      continue
    }
    compact++
    i++
    if (c === 0x7b) stack.push({ kind: 'object', keys: new Set(), key: '', expectKey: true })
    else if (c === 0x5b) stack.push({ kind: 'array', index: 0 })
    else if (c === 0x7d || c === 0x5d) stack.pop()
    else if (c === 0x2c) {
      const top = stack[stack.length - 1]
      if (top?.kind === 'object') top.expectKey = true
      else if (top?.kind === 'array') top.index++
    }
  }
  return { duplicates, compactLength: compact }
}

/** The path of the innermost open container. */
function framePath(stack: readonly Frame[]): string {
  let path = ''
  for (let j = 0; j < stack.length - 1; j++) {
    const frame = stack[j]
    path = frame.kind === 'object' ? childPath(path, frame.key) : indexPath(path, frame.index)
  }
  return path
}
