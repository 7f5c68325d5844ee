import { Buffer } from 'node:buffer'
import { senderError, type AwsError } from '../aws-error.ts'
import { percentDecode } from '../sigv4/index.ts'

/**
 * A query-protocol parameter tree: a string leaf, a list (from `X.member.N` or `X.N`), or an object
 * (a structure, or a map from `X.entry.N.key`/`value`). An empty list arrives as `''` (`Tags=`).
 */
export type QueryValue = string | readonly QueryValue[] | QueryObject

/** A structure or map of {@link QueryValue}s. */
export interface QueryObject {
  readonly [key: string]: QueryValue
}

/** The `[name, value]` pairs of a form body, or the error to answer with. */
export type FormParseResult =
  | { readonly ok: true; readonly pairs: ReadonlyArray<readonly [string, string]> }
  | { readonly ok: false; readonly error: AwsError }

/**
 * Splits an `application/x-www-form-urlencoded` body (or a URL query string) into decoded pairs,
 * in order; `+` is a space. A malformed `%` escape is a `MalformedQueryString` error.
 */
export function parseFormBody(body: string | Uint8Array): FormParseResult {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8')
  const pairs: Array<readonly [string, string]> = []
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = percentDecode(eq < 0 ? part : part.slice(0, eq), true)
    const value = percentDecode(eq < 0 ? '' : part.slice(eq + 1), true)
    if (!key.ok || !value.ok) {
      const escape = !key.ok ? key.escape : !value.ok ? value.escape : ''
      return {
        ok: false,
        error: senderError(
          'MalformedQueryString',
          `Illegal hex character in escape % pattern: ${escape}`,
        ),
      }
    }
    pairs.push([key.bytes.toString('utf8'), value.bytes.toString('utf8')])
  }
  return { ok: true, pairs }
}

interface Node {
  value?: string
  readonly children: Map<string, Node>
}

const INDEX = /^[1-9]\d*$/

/**
 * Nests flat query parameters by their dotted names, following the AWS query protocol:
 * `Tags.member.1.Key` becomes `{Tags: [{Key}]}`, `PolicyArns.member.1.arn` `{PolicyArns: [{arn}]}`,
 * `Attributes.entry.1.key`/`.value` `{Attributes: {[key]: value}}`, and `Ids.1` `{Ids: [...]}`.
 * Lists are ordered by index; gaps close up. Where a name has both a value and children
 * (`Tags=` and `Tags.member.1.Key=k`), the children win.
 *
 * @example nestQueryParams([['Tags.member.1.Key', 'a'], ['Tags.member.1.Value', 'b']])
 * // { Tags: [{ Key: 'a', Value: 'b' }] }
 */
export function nestQueryParams(pairs: ReadonlyArray<readonly [string, string]>): QueryObject {
  const root: Node = { children: new Map() }
  for (const [name, value] of pairs) {
    let node = root
    for (const segment of name.split('.')) {
      let child = node.children.get(segment)
      if (child === undefined) {
        child = { children: new Map() }
        node.children.set(segment, child)
      }
      node = child
    }
    node.value = value
  }
  return toObject(root)
}

function isIndexed(node: Node): boolean {
  if (node.children.size === 0) return false
  for (const key of node.children.keys()) if (!INDEX.test(key)) return false
  return true
}

function indexedChildren(node: Node): Node[] {
  return [...node.children.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child)
}

function onlyChild(node: Node, name: string): Node | undefined {
  return node.children.size === 1 ? node.children.get(name) : undefined
}

function toObject(node: Node): QueryObject {
  const out: Record<string, QueryValue> = {}
  for (const [key, child] of node.children) out[key] = toValue(child)
  return out
}

function toValue(node: Node): QueryValue {
  if (node.children.size === 0) return node.value ?? ''
  const member = onlyChild(node, 'member')
  if (member !== undefined && isIndexed(member)) return indexedChildren(member).map(toValue)
  const entry = onlyChild(node, 'entry')
  if (entry !== undefined && isIndexed(entry)) return toMap(indexedChildren(entry))
  if (isIndexed(node)) return indexedChildren(node).map(toValue)
  return toObject(node)
}

function toMap(entries: readonly Node[]): QueryObject {
  const out: Record<string, QueryValue> = {}
  for (const entry of entries) {
    const key = entry.children.get('key') ?? entry.children.get('Key')
    const value = entry.children.get('value') ?? entry.children.get('Value')
    if (key?.value === undefined) continue
    out[key.value] = value === undefined ? '' : toValue(value)
  }
  return out
}

/** A parsed query-protocol request: its `Action`, `Version` and the other parameters, nested. */
export type QueryRequestResult =
  | {
      readonly ok: true
      readonly action: string | undefined
      readonly version: string | undefined
      readonly params: QueryObject
    }
  | { readonly ok: false; readonly error: AwsError }

/**
 * Parses a query-protocol request body (IAM, STS): `Action=...&Version=...&...`. Extra pairs (for
 * example from the URL query of a GET) are read first, the body after, so the body wins.
 */
export function parseQueryRequest(
  body: string | Uint8Array,
  extraPairs: ReadonlyArray<readonly [string, string]> = [],
): QueryRequestResult {
  const form = parseFormBody(body)
  if (!form.ok) return form
  const all = [...extraPairs, ...form.pairs]
  let action: string | undefined
  let version: string | undefined
  const rest: Array<readonly [string, string]> = []
  for (const pair of all) {
    if (pair[0] === 'Action') action = pair[1]
    else if (pair[0] === 'Version') version = pair[1]
    else rest.push(pair)
  }
  return { ok: true, action, version, params: nestQueryParams(rest) }
}

/** A list parameter as an array: `''` (an empty list on the wire) and absence are `[]`. */
export function queryList(value: QueryValue | undefined): readonly QueryValue[] {
  if (value === undefined || value === '') return []
  if (Array.isArray(value)) return value as readonly QueryValue[]
  return [value]
}

/** A scalar parameter as a string, or `undefined` when absent or not a scalar. */
export function queryString(value: QueryValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
