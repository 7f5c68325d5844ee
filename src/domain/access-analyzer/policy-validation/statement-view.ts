/**
 * The statements of a policy as the checks read them: each element's values with their paths in
 * the document. Built from the position-keeping JSON tree, and lenient: a malformed element is
 * simply absent here (the engine's parser reports it).
 */
import { itemsOf, member, type JsonNode } from './json-source.ts'
import type { NodePath } from './findings.ts'

/** A string value and where it is. */
export interface PathValue {
  readonly value: string
  readonly path: NodePath
}

/** A condition: operator as written, key, values (scalars as strings) and their JSON kinds. */
export interface ConditionEntry {
  readonly operator: string
  readonly key: string
  readonly path: NodePath
  readonly values: readonly PathValue[]
  readonly kinds: readonly string[]
  /** True when the values are written as an array. */
  readonly isArray: boolean
}

/** One statement. */
export interface StatementView {
  readonly index: number
  readonly path: NodePath
  readonly node: JsonNode
  readonly sid: string | undefined
  readonly effect: string | undefined
  readonly action:
    { readonly kind: 'Action' | 'NotAction'; readonly values: readonly PathValue[] } | undefined
  readonly resource:
    { readonly kind: 'Resource' | 'NotResource'; readonly values: readonly PathValue[] } | undefined
  readonly principal:
    | {
        readonly kind: 'Principal' | 'NotPrincipal'
        readonly path: NodePath
        /** True for `"*"` or an AWS `"*"`. */
        readonly wildcard: boolean
        /** Values by principal key (`AWS`, `Service`, `Federated`, `CanonicalUser`). */
        readonly byKey: ReadonlyMap<string, readonly PathValue[]>
      }
    | undefined
  readonly conditions: readonly ConditionEntry[]
  /** True when the statement has a Condition element (even an empty one). */
  readonly hasCondition: boolean
}

/** The statements of a policy document (an object with a Statement element, or nothing). */
export function statementsOf(root: JsonNode | undefined): readonly StatementView[] {
  const statement = member(root, 'Statement')
  if (statement === undefined) return []
  const nodes = statement.kind === 'array' ? statement.items : [statement]
  const out: StatementView[] = []
  nodes.forEach((node, index) => {
    if (node.kind !== 'object') return
    out.push(viewOf(node, index, ['Statement', index]))
  })
  return out
}

function viewOf(node: JsonNode, index: number, path: NodePath): StatementView {
  const sidNode = member(node, 'Sid')
  const effectNode = member(node, 'Effect')
  return {
    index,
    path,
    node,
    sid: sidNode?.kind === 'string' ? sidNode.value : undefined,
    effect: effectNode?.kind === 'string' ? effectNode.value : undefined,
    action: pick(node, path, 'Action', 'NotAction'),
    resource: pick(node, path, 'Resource', 'NotResource'),
    principal: principalOf(node, path),
    conditions: conditionsOf(member(node, 'Condition'), [...path, 'Condition']),
    hasCondition: member(node, 'Condition') !== undefined,
  }
}

function pick<K extends string>(
  node: JsonNode,
  path: NodePath,
  yes: K,
  not: K,
): { kind: K; values: readonly PathValue[] } | undefined {
  for (const kind of [yes, not]) {
    const value = member(node, kind)
    if (value !== undefined) return { kind, values: stringValues(value, [...path, kind]) }
  }
  return undefined
}

/** The strings of a string-or-array element, with their paths. */
export function stringValues(node: JsonNode, path: NodePath): readonly PathValue[] {
  if (node.kind === 'string') return [{ value: node.value, path }]
  if (node.kind !== 'array') return []
  const out: PathValue[] = []
  node.items.forEach((item, i) => {
    if (item.kind === 'string') out.push({ value: item.value, path: [...path, i] })
  })
  return out
}

function principalOf(node: JsonNode, path: NodePath): StatementView['principal'] {
  for (const kind of ['Principal', 'NotPrincipal'] as const) {
    const value = member(node, kind)
    if (value === undefined) continue
    const elementPath = [...path, kind]
    const byKey = new Map<string, readonly PathValue[]>()
    if (value.kind === 'object') {
      for (const m of value.members)
        byKey.set(m.key, stringValues(m.value, [...elementPath, m.key]))
    }
    const wildcard =
      (value.kind === 'string' && value.value === '*') ||
      (byKey.get('AWS') ?? []).some((v) => v.value === '*')
    return { kind, path: elementPath, wildcard, byKey }
  }
  return undefined
}

function conditionsOf(node: JsonNode | undefined, path: NodePath): readonly ConditionEntry[] {
  if (node?.kind !== 'object') return []
  const out: ConditionEntry[] = []
  for (const op of node.members) {
    if (op.value.kind !== 'object') continue
    for (const k of op.value.members) {
      const keyPath = [...path, op.key, k.key]
      const items = itemsOf(k.value)
      const values: PathValue[] = []
      const kinds: string[] = []
      items.forEach((item, i) => {
        kinds.push(item.kind)
        const itemPath = k.value.kind === 'array' ? [...keyPath, i] : keyPath
        if (item.kind === 'string') values.push({ value: item.value, path: itemPath })
        else if (item.kind === 'number') values.push({ value: item.text, path: itemPath })
        else if (item.kind === 'boolean') values.push({ value: String(item.value), path: itemPath })
      })
      out.push({
        operator: op.key,
        key: k.key,
        path: keyPath,
        values,
        kinds,
        isArray: k.value.kind === 'array',
      })
    }
  }
  return out
}
