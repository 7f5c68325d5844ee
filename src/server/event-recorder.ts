/**
 * Writes the audit events of the unsigned routes (the portal, sso-oidc, the sso portal API, the
 * console's sign-ins and Switch Role) to this node's audit trail, as the dispatcher writes the
 * records of signed calls: durable before the route answers. Events without a recipient go to the
 * organization's management account.
 */
import type { AuditTrail, CollectedAuditEvents } from '../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../domain/common/caller.ts'

/** Writes one request's events; resolves once they are durable. */
export type EventRecorder = (request: RequestInfo, events: CollectedAuditEvents) => Promise<void>

/**
 * The recorder over an audit trail, or undefined when the trail is off.
 * @example
 * const recordEvents = eventRecorder(app.audit, async () => managementAccountId)
 */
export function eventRecorder(
  audit: Pick<AuditTrail, 'record'> | undefined,
  managementAccount: () => Promise<string | undefined>,
): EventRecorder | undefined {
  if (audit === undefined) return undefined
  let management: string | undefined
  return async (request, events) => {
    if (events.size === 0) return
    // INVARIANT: the management account of the organization never changes once bootstrapped.
    management ??= await managementAccount()
    await audit.record(events.records(request, management ?? ''), request.now.getTime())
  }
}
