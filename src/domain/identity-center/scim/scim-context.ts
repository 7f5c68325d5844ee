/** What a SCIM request handler works with, and the list and audit helpers they share. */
import type { AuditEvents } from '../../cloudtrail/index.ts'
import type { IdentityStoreStore } from '../identity-store/index.ts'
import { scimErrors } from './scim-error.ts'
import { SCIM_LIST_SCHEMA, SCIM_MAX_RESULTS } from './scim-discovery.ts'

/** What the SCIM endpoint runs on. */
export interface ScimDeps {
  readonly store: IdentityStoreStore
}

/** One authenticated SCIM request. */
export interface ScimCall {
  readonly identityStoreId: string
  /** The management account of the identity store's instance (its trail gets the events). */
  readonly accountId: string
  /** The bearer token's id (never its secret), recorded as the event's credential. */
  readonly tokenId: string
  readonly now: number
  /** `http://host:port/scim/v2`, for `meta.location`. */
  readonly baseUrl: string
  readonly query: URLSearchParams
  readonly body: unknown
  readonly events: AuditEvents
}

/** A SCIM answer: status and JSON body (none for 204). */
export interface ScimResponse {
  readonly status: number
  readonly body?: Record<string, unknown>
}

/** Who made SCIM changes, in records' `createdBy`/`updatedBy`. */
export const scimActor = (call: ScimCall) =>
  `arn:aws:identitystore::${call.accountId}:identitystore/${call.identityStoreId}/scim`

/** Reports a SCIM write to the audit trail (event source `identitystore-scim.amazonaws.com`). */
export function auditScim(
  call: ScimCall,
  eventName: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null,
): void {
  call.events.emit({
    eventSource: 'identitystore-scim.amazonaws.com',
    eventName,
    userIdentity: { type: 'Unknown', accountId: call.accountId, credentialId: call.tokenId },
    recipientAccountId: call.accountId,
    requestParameters: { identityStoreId: call.identityStoreId, ...requestParameters },
    responseElements,
    readOnly: false,
    eventType: 'AwsApiCall',
  })
}

/** `startIndex` (1-based) and `count` (0 to 100, default 100) of a list request. */
export function listWindow(query: URLSearchParams): { start: number; count: number } {
  const int = (name: string, fallback: number) => {
    const raw = query.get(name)
    if (raw === null || raw === '') return fallback
    if (!/^-?\d+$/.test(raw)) throw scimErrors.invalidValue(`${name} must be an integer.`)
    return Number(raw)
  }
  return {
    start: Math.max(1, int('startIndex', 1)),
    count: Math.min(SCIM_MAX_RESULTS, Math.max(0, int('count', SCIM_MAX_RESULTS))),
  }
}

/** A list response over every match, windowed. */
export function listResponse(
  all: readonly Record<string, unknown>[],
  window: { start: number; count: number },
): ScimResponse {
  const page = all.slice(window.start - 1, window.start - 1 + window.count)
  return {
    status: 200,
    body: {
      schemas: [SCIM_LIST_SCHEMA],
      totalResults: all.length,
      itemsPerPage: page.length,
      startIndex: window.start,
      Resources: page,
    },
  }
}

/** Every item of a keyset-paged listing. */
export async function everything<T>(
  list: (page: { nextToken?: string; maxResults: number }) => Promise<{
    items: readonly T[]
    nextToken?: string | undefined
  }>,
): Promise<T[]> {
  const out: T[] = []
  let nextToken: string | undefined
  do {
    const page = await list(
      nextToken === undefined ? { maxResults: 100 } : { nextToken, maxResults: 100 },
    )
    out.push(...page.items)
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  return out
}
