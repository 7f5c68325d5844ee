import type { FilePath, ProblemSink } from './file-problem.ts'

/** What placeholders stand for when a file is applied. */
export interface PlaceholderValues {
  /** Account name → 12-digit id. */
  readonly accountIds: ReadonlyMap<string, string>
  readonly organizationId: string
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g

function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fn))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[fn(key)] = mapStrings(item, fn)
    return out
  }
  return value
}

/**
 * Replaces `{{account:NAME}}` with the account's id and `{{organizationId}}` with the
 * organization's, in every string (and key) of `value`.
 * @throws Error on a placeholder the values do not cover (the parser rejects those first)
 * @example fillPlaceholders('arn:aws:iam::{{account:Dev}}:root', values) // 'arn:aws:iam::123456789012:root'
 */
export function fillPlaceholders<T>(value: T, values: PlaceholderValues): T {
  return mapStrings(value, (text) =>
    text.replace(PLACEHOLDER, (_whole, inner: string) => {
      if (inner === 'organizationId') return values.organizationId
      if (inner.startsWith('account:')) {
        const id = values.accountIds.get(inner.slice('account:'.length).trim())
        if (id !== undefined) return id
      }
      throw new Error(`no value for placeholder '{{${inner}}}'`)
    }),
  ) as T
}

/** Reports every placeholder in `value` that is not `{{organizationId}}` or a known account. */
export function checkPlaceholders(
  value: unknown,
  path: FilePath,
  accountNames: ReadonlySet<string>,
  sink: ProblemSink,
): void {
  mapStrings(value, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const inner = match[1] ?? ''
      if (inner === 'organizationId') continue
      if (inner.startsWith('account:')) {
        const name = inner.slice('account:'.length).trim()
        if (!accountNames.has(name))
          sink.add(path, `'{{${inner}}}' names an account that the file does not declare`)
        continue
      }
      sink.add(
        path,
        `unknown placeholder '{{${inner}}}' (use {{account:NAME}} or {{organizationId}})`,
      )
    }
    return text
  })
}

/**
 * Stand-in values for checking documents before any id exists: each account gets a distinct
 * 12-digit id, the organization a well-formed id.
 */
export function sampleValues(accountNames: Iterable<string>): PlaceholderValues {
  const accountIds = new Map<string, string>()
  let next = 100000000001
  for (const name of accountNames) accountIds.set(name, String(next++))
  return { accountIds, organizationId: 'o-exampleorg1' }
}
