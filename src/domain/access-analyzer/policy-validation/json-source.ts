/**
 * A strict JSON parser (RFC 8259: no comments, no trailing commas) that keeps where every value
 * sits in the text, so that findings can point at the exact characters AWS points at. Written here
 * rather than taken from a library: lenient parsers such as jsonc-parser accept comments and
 * trailing commas that AWS rejects, and the grammar is small.
 */

/** A value in the document with the half-open range `[start, end)` of its text (UTF-16 offsets). */
export type JsonNode =
  | (JsonRange & { readonly kind: 'object'; readonly members: readonly JsonMember[] })
  | (JsonRange & { readonly kind: 'array'; readonly items: readonly JsonNode[] })
  | (JsonRange & { readonly kind: 'string'; readonly value: string })
  | (JsonRange & { readonly kind: 'number'; readonly value: number; readonly text: string })
  | (JsonRange & { readonly kind: 'boolean'; readonly value: boolean })
  | (JsonRange & { readonly kind: 'null' })

/** Offsets of a piece of text. */
export interface JsonRange {
  readonly start: number
  readonly end: number
}

/** One `"key": value` pair of an object, in document order (duplicates kept). */
export interface JsonMember {
  readonly key: string
  readonly keyRange: JsonRange
  readonly value: JsonNode
}

/** The outcome of {@link parseJsonSource}. */
export type JsonSourceResult =
  { readonly ok: true; readonly root: JsonNode } | { readonly ok: false; readonly offset: number }

class JsonSyntaxError extends Error {
  readonly offset: number
  constructor(offset: number) {
    super('json syntax error')
    this.offset = offset
  }
}

const MAX_DEPTH = 512

/**
 * Parses `text` as one JSON value, keeping positions. On a syntax error, returns the offset of the
 * first character that cannot be read.
 * @example parseJsonSource('{"a": [1]}') // { ok: true, root: { kind: 'object', start: 0, end: 10, members: [...] } }
 */
export function parseJsonSource(text: string): JsonSourceResult {
  const reader = new Reader(text)
  try {
    reader.skipSpace()
    const root = reader.value(0)
    reader.skipSpace()
    if (reader.at < text.length) throw new JsonSyntaxError(reader.at)
    return { ok: true, root }
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, offset: e.offset }
    throw e
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

class Reader {
  readonly text: string
  at = 0
  constructor(text: string) {
    this.text = text
  }

  skipSpace(): void {
    const t = this.text
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.at++
      else break
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(this.at)
    const c = this.text[this.at]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') {
      const start = this.at
      const value = this.string()
      return { kind: 'string', value, start, end: this.at }
    }
    if (c === 't' || c === 'f' || c === 'n') return this.literal()
    return this.number()
  }

  object(depth: number): JsonNode {
    const start = this.at++
    const members: JsonMember[] = []
    this.skipSpace()
    if (this.text[this.at] === '}') {
      this.at++
      return { kind: 'object', members, start, end: this.at }
    }
    for (;;) {
      this.skipSpace()
      if (this.text[this.at] !== '"') throw new JsonSyntaxError(this.at)
      const keyStart = this.at
      const key = this.string()
      const keyRange = { start: keyStart, end: this.at }
      this.skipSpace()
      if (this.text[this.at] !== ':') throw new JsonSyntaxError(this.at)
      this.at++
      this.skipSpace()
      const value = this.value(depth + 1)
      members.push({ key, keyRange, value })
      this.skipSpace()
      const next = this.text[this.at]
      this.at++
      if (next === '}') return { kind: 'object', members, start, end: this.at }
      if (next !== ',') throw new JsonSyntaxError(this.at - 1)
    }
  }

  array(depth: number): JsonNode {
    const start = this.at++
    const items: JsonNode[] = []
    this.skipSpace()
    if (this.text[this.at] === ']') {
      this.at++
      return { kind: 'array', items, start, end: this.at }
    }
    for (;;) {
      this.skipSpace()
      items.push(this.value(depth + 1))
      this.skipSpace()
      const next = this.text[this.at]
      this.at++
      if (next === ']') return { kind: 'array', items, start, end: this.at }
      if (next !== ',') throw new JsonSyntaxError(this.at - 1)
    }
  }

  string(): string {
    const t = this.text
    const start = this.at
    let i = start + 1
    let escaped = false
    while (i < t.length) {
      const c = t.charCodeAt(i)
      if (c === 0x22) break
      if (c < 0x20) throw new JsonSyntaxError(i)
      if (c === 0x5c) {
        escaped = true
        const e = t[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) throw new JsonSyntaxError(i)
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else throw new JsonSyntaxError(i)
      } else i++
    }
    if (i >= t.length) throw new JsonSyntaxError(t.length)
    this.at = i + 1
    const raw = t.slice(start, i + 1)
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1)
  }

  literal(): JsonNode {
    const start = this.at
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, start)) {
        this.at = start + word.length
        return { ...node, start, end: this.at } as JsonNode
      }
    }
    throw new JsonSyntaxError(start)
  }

  number(): JsonNode {
    const start = this.at
    NUMBER.lastIndex = start
    const match = NUMBER.exec(this.text)
    if (match === null) throw new JsonSyntaxError(start)
    this.at = start + match[0].length
    return { kind: 'number', value: Number(match[0]), text: match[0], start, end: this.at }
  }
}

/** A point in the text as AWS reports it: line from 1, column from 0, offset from 0. */
export interface TextPosition {
  readonly line: number
  readonly column: number
  readonly offset: number
}

/** Turns offsets into lines and columns for one text (lines end at LF). */
export class LineIndex {
  private readonly starts: number[] = [0]

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) this.starts.push(i + 1)
  }

  /** The position of `offset`. */
  position(offset: number): TextPosition {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0), offset }
  }
}

/** The members of an object node with key `key` (last one wins, as JSON.parse does). */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined
  let found: JsonNode | undefined
  for (const m of node.members) if (m.key === key) found = m.value
  return found
}

/** A node's items: an array's items, or the node alone. */
export function itemsOf(node: JsonNode | undefined): readonly JsonNode[] {
  if (node === undefined) return []
  return node.kind === 'array' ? node.items : [node]
}

/** A string node's value, else undefined. */
export function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined
}
