/** What each portal route handler gets: the request, its parts already read, and the time. */
import type { IncomingMessage } from 'node:http'
import type { AuditEvents } from '../../domain/cloudtrail/index.ts'
import { isDomainError } from '../../domain/common/domain-error.ts'
import { senderError, type AwsError } from '../../protocol/index.ts'

/** One request, as the route handlers see it. */
export interface RouteContext {
  readonly req: IncomingMessage
  readonly method: string
  readonly pathname: string
  readonly query: URLSearchParams
  readonly body: Buffer
  readonly requestId: string
  readonly now: Date
  /** Where the request's audit events go (written before the response leaves). */
  readonly events: AuditEvents
  /** The portal's public URL (`http://host/portal`), the `LoginTo` of portal sign-ins. */
  readonly portalUrl: string
}

/** A domain error as an AWS error (its code, message, status and extra members). */
export function toAwsError(error: unknown): AwsError | undefined {
  if (!isDomainError(error)) return undefined
  return senderError(error.code, error.message, error.httpStatus, error.fields ?? undefined)
}
