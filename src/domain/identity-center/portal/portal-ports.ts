/**
 * The ports the access portal declares beside the Identity Center ones
 * (`../identity-center-ports.ts`): account names (Organizations implements it), the sign-in
 * failure counter (the identity store implements it), and its own storage (sessions, settings).
 */

/** An account's display name and email (the lead wires it to Organizations). */
export interface AccountNames {
  nameOf(accountId: string): Promise<{ name: string; email: string } | undefined>
  /** The names of several accounts in one read (accounts not found are left out). */
  namesOf?(
    accountIds: readonly string[],
  ): Promise<ReadonlyMap<string, { name: string; email: string }>>
}

/**
 * Failed sign-ins per user, for lockout with backoff (the identity store's
 * `IdentityCenterCredentials` implements it beside `UserCredentials`, and owns the backoff policy).
 */
export interface SignInFailures {
  /**
   * Counts a failed attempt (wrong password, wrong or replayed code) at `now`; resolves to the end
   * of the lockout it starts, if any.
   */
  recordSignInFailure(identityStoreId: string, userId: string, now: Date): Promise<Date | undefined>
  /** Resets the count after a successful sign-in. */
  clearSignInFailures(identityStoreId: string, userId: string): Promise<void>
  /** The end of the current lockout, or undefined when the user may try now. */
  lockedUntil(identityStoreId: string, userId: string, now: Date): Promise<Date | undefined>
}

/** Where a portal session stands. */
export const PORTAL_SESSION_STATES = ['active', 'mfa-registration'] as const
/** One of {@link PORTAL_SESSION_STATES}. */
export type PortalSessionState = (typeof PORTAL_SESSION_STATES)[number]

/** A portal session as stored: the id only as its SHA-256. Times in epoch ms. */
export interface PortalSessionRecord {
  readonly idHash: string
  readonly identityStoreId: string
  readonly userId: string
  readonly csrfToken: string
  readonly state: PortalSessionState
  readonly createdAt: number
  readonly lastSeenAt: number
}

/** Portal sessions, shared by every node through the database (storage implements it). */
export interface PortalSessionStore {
  createSession(session: PortalSessionRecord): Promise<void>
  getSession(idHash: string): Promise<PortalSessionRecord | undefined>
  touchSession(idHash: string, lastSeenAt: number): Promise<void>
  /** True if it existed. */
  deleteSession(idHash: string): Promise<boolean>
  /** Drops sessions last seen before `idleBefore` or created before `createdBefore`. */
  purgeExpiredSessions(idleBefore: number, createdBefore: number): Promise<void>
}

/** Per-instance portal settings (storage implements it). */
export interface PortalSettingsStore {
  /** Whether users without MFA must register a device at sign-in; undefined when never set. */
  getMfaRequired(instanceArn: string): Promise<boolean | undefined>
  setMfaRequired(instanceArn: string, required: boolean): Promise<void>
}

/** The default of the MFA setting: on ("MFA guards privileged access"). */
export const DEFAULT_MFA_REQUIRED = true
