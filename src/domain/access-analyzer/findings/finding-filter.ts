/**
 * Access Analyzer's filters over findings, as ListFindings and archive rules apply them: every
 * criterion must hold; within one, `eq` (the attribute equals one of the values), `neq` (it
 * equals none), `contains` (one of its values contains one of them) and `exists` all hold.
 * Attributes: the finding's own (`status`, `resource`, `resourceType`, `isPublic`, …) and its
 * maps by key (`principal.AWS`, `condition.sts:ExternalId`, condition keys case-insensitive).
 */
import type { FilterCriteria, StoredFinding } from '../analyzers/analyzer-store.ts'

const text = (v: unknown): string[] | undefined => {
  if (v === undefined || v === null) return undefined
  if (Array.isArray(v)) return v.map(String)
  return [String(v)]
}

/** The values of one attribute of a finding; undefined when the finding has none. */
export function findingAttribute(f: StoredFinding, name: string): string[] | undefined {
  switch (name) {
    case 'id':
      return [f.id]
    case 'resource':
      return [f.resource]
    case 'resourceType':
      return [f.resourceType]
    case 'resourceOwnerAccount':
      return [f.resourceOwnerAccount]
    case 'status':
      return [f.status]
    case 'findingType':
      return [f.findingType]
  }
  const dot = name.indexOf('.')
  if (dot < 0) return text(f.details[name])
  const map = f.details[name.slice(0, dot)]
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return undefined
  const key = name.slice(dot + 1).toLowerCase()
  for (const [k, v] of Object.entries(map as Record<string, unknown>))
    if (k.toLowerCase() === key) return text(v)
  return undefined
}

/** Whether `f` passes every criterion of `filter`. */
export function matchesFilter(f: StoredFinding, filter: FilterCriteria): boolean {
  for (const [name, c] of Object.entries(filter)) {
    const values = findingAttribute(f, name)
    if (c.exists !== undefined && (values !== undefined) !== c.exists) return false
    if (c.eq !== undefined && !(values ?? []).some((v) => c.eq!.includes(v))) return false
    if (c.neq !== undefined && (values ?? []).some((v) => c.neq!.includes(v))) return false
    if (
      c.contains !== undefined &&
      !(values ?? []).some((v) => c.contains!.some((s) => v.includes(s)))
    )
      return false
  }
  return true
}
