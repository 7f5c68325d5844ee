/**
 * What the console page shows about its session: the signed-in identity, the identity acting
 * now (a switched role, with its display name and colour), the recent roles and the expiries.
 * Never a secret: no keys, no tokens, only the CSRF token the page must send back.
 */
import type { SessionEnvelope } from '../../common/caller.ts'
import { callerFromEnvelope } from '../../sts/caller-from-envelope.ts'
import type {
  ConsoleCaller,
  ConsoleOrigin,
  RecentRole,
  RoleColor,
} from './console-session-record.ts'

/** One identity as the header shows it. */
export interface IdentityView {
  readonly accountId: string
  /** The principal's ARN (`arn:aws:sts::…:assumed-role/ROLE/SESSION` or the user's ARN). */
  readonly arn: string
  readonly kind: 'role' | 'user' | 'root'
  /** The role's or the user's name. */
  readonly name: string
  /** For role sessions. */
  readonly sessionName?: string
  /** When its credentials expire (epoch ms). */
  readonly expiresAt: number
  readonly mfa: boolean
}

/** The page's view of the session. */
export interface ConsoleView {
  readonly origin: ConsoleOrigin
  readonly csrfToken: string
  /** When the console session ends unless used again (epoch ms). */
  readonly sessionExpiresAt: number
  readonly signedIn: IdentityView
  readonly current: IdentityView
  readonly switched?: { readonly displayName: string; readonly color: RoleColor }
  readonly recentRoles: readonly RecentRole[]
}

/** One identity's view. */
export function describeIdentity(envelope: SessionEnvelope): IdentityView {
  const c = envelope.claims
  const caller = callerFromEnvelope(envelope)
  const common = {
    accountId: c.accountId,
    arn: caller.arn,
    expiresAt: envelope.expiresAt,
    mfa: c.mfaAuthenticatedAt !== undefined,
  }
  if (c.kind === 'role') {
    return { ...common, kind: 'role', name: c.roleName, sessionName: c.sessionName }
  }
  if (c.kind === 'federated') return { ...common, kind: 'user', name: c.name }
  return { ...common, kind: caller.type === 'Account' ? 'root' : 'user', name: c.userName }
}

/** The session's view. */
export function describeSession(caller: ConsoleCaller, sessionExpiresAt: number): ConsoleView {
  const { record } = caller
  const switched = record.switched
  return {
    origin: record.origin,
    csrfToken: record.csrfToken,
    sessionExpiresAt,
    signedIn: describeIdentity(caller.base),
    current: describeIdentity(caller.current),
    ...(switched === undefined
      ? {}
      : { switched: { displayName: switched.displayName, color: switched.color } }),
    recentRoles: record.recentRoles,
  }
}
