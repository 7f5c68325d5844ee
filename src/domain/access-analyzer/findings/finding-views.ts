/**
 * Findings as the API shows them: `Finding` / `FindingSummary` (external access, ListFindings and
 * GetFinding) and `FindingSummaryV2` / GetFindingV2 with its `findingDetails` (every type).
 * Times are RFC 3339 strings, as the model declares.
 */
import type { StoredFinding } from '../analyzers/analyzer-store.ts'
import { wireTime } from '../analyzers/wire-time.ts'

/** The finding types. */
export const FINDING_TYPES = [
  'ExternalAccess',
  'UnusedIAMRole',
  'UnusedIAMUserAccessKey',
  'UnusedIAMUserPassword',
  'UnusedPermission',
] as const
export type FindingType = (typeof FINDING_TYPES)[number]

const times = (f: StoredFinding) => ({
  createdAt: wireTime(f.createdAt),
  analyzedAt: wireTime(f.analyzedAt),
  updatedAt: wireTime(f.updatedAt),
})

/** A `Finding` (also the shape of a `FindingSummary`). */
export function findingView(f: StoredFinding): Record<string, unknown> {
  const d = f.details
  return {
    id: f.id,
    principal: d.principal,
    action: d.action,
    resource: f.resource,
    isPublic: d.isPublic,
    resourceType: f.resourceType,
    condition: d.condition ?? {},
    ...times(f),
    status: f.status,
    resourceOwnerAccount: f.resourceOwnerAccount,
  }
}

/** A `FindingSummaryV2`. */
export function findingSummaryV2(f: StoredFinding): Record<string, unknown> {
  return {
    ...times(f),
    id: f.id,
    resource: f.resource,
    resourceType: f.resourceType,
    resourceOwnerAccount: f.resourceOwnerAccount,
    status: f.status,
    findingType: f.findingType,
  }
}

/** The `findingDetails` union members of a finding: one for each detail it holds. */
export function findingDetails(f: StoredFinding): Record<string, unknown>[] {
  const d = f.details
  const date = (v: unknown) => (typeof v === 'number' ? wireTime(v) : undefined)
  switch (f.findingType) {
    case 'ExternalAccess':
      return [
        {
          externalAccessDetails: {
            principal: d.principal,
            action: d.action,
            condition: d.condition ?? {},
            isPublic: d.isPublic,
          },
        },
      ]
    case 'UnusedIAMRole':
      return [{ unusedIamRoleDetails: { lastAccessed: date(d.lastAccessed) } }]
    case 'UnusedIAMUserPassword':
      return [{ unusedIamUserPasswordDetails: { lastAccessed: date(d.lastAccessed) } }]
    case 'UnusedIAMUserAccessKey':
      return [
        {
          unusedIamUserAccessKeyDetails: {
            accessKeyId: d.accessKeyId,
            lastAccessed: date(d.lastAccessed),
          },
        },
      ]
    case 'UnusedPermission': {
      const services = (d.services ?? []) as {
        serviceNamespace: string
        lastAccessed?: number
        actions?: { action: string; lastAccessed?: number }[]
      }[]
      return services.map((s) => ({
        unusedPermissionDetails: {
          serviceNamespace: s.serviceNamespace,
          lastAccessed: date(s.lastAccessed),
          ...(s.actions === undefined
            ? {}
            : {
                actions: s.actions.map((a) => ({
                  action: a.action,
                  lastAccessed: date(a.lastAccessed),
                })),
              }),
        },
      }))
    }
  }
  return []
}
