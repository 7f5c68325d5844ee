/**
 * A syntactic proof of "no new access": when every Allow statement of the new policy stands, as
 * written, in the existing one, and every Deny statement of the existing policy stands in the new
 * one, the new policy allows nothing the existing one does not. The engine is monotone in this
 * sense: a request an Allow statement matches in one document it matches in the other, a Deny the
 * same, and more matching Allows (or fewer Denies) never turn an Allowed into a denial. It holds
 * whatever the statements say, policy variables included — the case the partition cannot decide.
 */
import { compileGroup } from '../../policy/compiled-group.ts'
import { parsePolicy } from '../../policy/parse-policy.ts'
import { looksLikeTrustPolicy } from '../../policy/trust-policy.ts'
import type { PolicyType } from '../../policy/types.ts'

/** A statement's JSON with its keys sorted and its Sid left out (a Sid changes nothing). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== 'Sid')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

interface Statements {
  readonly version: string
  readonly type: PolicyType
  readonly allows: ReadonlySet<string>
  readonly denies: ReadonlySet<string>
}

/** The document's statements by effect, or undefined when the engine would not use it whole. */
function statementsOf(kind: 'identity' | 'resource', input: unknown): Statements | undefined {
  const doc = typeof input === 'string' ? safeParse(input) : input
  const type: PolicyType =
    kind === 'identity' ? 'identity' : looksLikeTrustPolicy(doc) ? 'trust' : 'resource'
  const { policy } = parsePolicy(doc, type)
  if (policy === undefined) return undefined
  if (compileGroup([doc], type, undefined).statements.length !== policy.statements.length)
    return undefined
  const raw = (doc as { Statement?: unknown }).Statement
  const list = Array.isArray(raw) ? raw : [raw]
  if (list.length !== policy.statements.length) return undefined
  const allows = new Set<string>()
  const denies = new Set<string>()
  for (const st of list) {
    const effect = (st as { Effect?: unknown }).Effect
    ;(effect === 'Allow' ? allows : denies).add(canonical(st))
  }
  return { version: policy.version, type, allows, denies }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * True when `updated` provably allows nothing `existing` does not, by its statements alone.
 * False means only "not proven this way".
 */
export function grantsNoMoreByStatements(
  kind: 'identity' | 'resource',
  existing: unknown,
  updated: unknown,
): boolean {
  const a = statementsOf(kind, existing)
  const b = statementsOf(kind, updated)
  if (a === undefined || b === undefined) return false
  if (a.version !== b.version || a.type !== b.type) return false
  for (const s of b.allows) if (!a.allows.has(s)) return false
  for (const s of a.denies) if (!b.denies.has(s)) return false
  return true
}
