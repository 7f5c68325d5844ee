/** The request context as conditions and variables see it: case-insensitive keys, string values. */
import type { PrincipalInfo } from './principal-info.ts'
import type { ContextInput, ContextScalar } from './types.ts'

/** A context value: one string, or several for a multivalued key. */
export type ContextValue = string | readonly string[]

let requests = 0

const toStr = (v: ContextScalar): string => (typeof v === 'string' ? v : String(v))

function normalise(v: ContextScalar | readonly ContextScalar[]): ContextValue {
  if (typeof v === 'string') return v
  if (Array.isArray(v)) return v.map(toStr)
  return toStr(v as ContextScalar)
}

/**
 * A view of one request's context. Keys are looked up as written first, then case-insensitively;
 * values derived from the request (such as `aws:PrincipalArn`) fill in keys the caller left out.
 */
export class RequestContext {
  readonly raw: ContextInput
  readonly principal: PrincipalInfo
  readonly resourceAccount: string | undefined
  /** Unique to this request: compiled patterns remember their last answer under it. */
  readonly epoch: number
  private lower: Map<string, ContextValue> | undefined

  constructor(raw: ContextInput, principal: PrincipalInfo, resourceAccount: string | undefined) {
    this.raw = raw
    this.principal = principal
    this.resourceAccount = resourceAccount
    this.epoch = ++requests
    this.lower = undefined
  }

  /**
   * The value of a key, or undefined when the request has none.
   * @param lowerKey the key in lower case, when the caller has it already
   */
  get(key: string, lowerKey?: string): ContextValue | undefined {
    const raw = this.raw
    if (Object.hasOwn(raw, key)) return normalise(raw[key]!)
    const lk = lowerKey ?? key.toLowerCase()
    let lower = this.lower
    if (lower === undefined) {
      lower = new Map()
      for (const k of Object.keys(raw)) {
        const lowered = k.toLowerCase()
        if (!lower.has(lowered)) lower.set(lowered, normalise(raw[k]!))
      }
      this.lower = lower
    }
    return lower.get(lk) ?? this.derive(lk)
  }

  /** Keys every request has, derived from the request when the caller did not give them. */
  private derive(lowerKey: string): string | undefined {
    const p = this.principal
    switch (lowerKey) {
      case 'aws:principalarn':
        if (p.kind === 'root' && p.account !== undefined) return `arn:aws:iam::${p.account}:root`
        return (
          p.roleArn ?? (p.kind === 'user' || p.kind === 'federated-user' ? p.principal : undefined)
        )
      case 'aws:principalaccount':
        return p.account
      case 'aws:username':
        return p.username
      case 'aws:resourceaccount':
        return this.resourceAccount
      default:
        return undefined
    }
  }

  /** A single string value, or undefined when absent or multivalued (as policy variables need). */
  getSingle(key: string, lowerKey?: string): string | undefined {
    const v = this.get(key, lowerKey)
    return typeof v === 'string' ? v : undefined
  }
}
