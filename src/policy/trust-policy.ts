/** Telling a role trust policy from another resource-based policy by its shape. */

function statementsOf(input: unknown): unknown[] | undefined {
  let doc = input
  if (doc !== null && typeof doc === 'object' && 'document' in doc)
    doc = (doc as { document: unknown }).document
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc)
    } catch {
      return undefined
    }
  }
  if (doc === null || typeof doc !== 'object') return undefined
  const st = (doc as { Statement?: unknown }).Statement
  if (Array.isArray(st)) return st
  return st === undefined ? undefined : [st]
}

/**
 * A trust policy names no Resource: every statement lacks both Resource and NotResource.
 * Such a document, given as the resource policy of a case, is parsed as a trust policy.
 */
export function looksLikeTrustPolicy(input: unknown): boolean {
  const statements = statementsOf(input)
  if (statements === undefined || statements.length === 0) return false
  return statements.every(
    (s) => s !== null && typeof s === 'object' && !('Resource' in s) && !('NotResource' in s),
  )
}
