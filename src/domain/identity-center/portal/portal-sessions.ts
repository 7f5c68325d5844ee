/**
 * Portal sessions: a random 256-bit id in the cookie, only its SHA-256 in the database (so any
 * node can check it, and a database leak yields no usable cookie), a CSRF token per session,
 * an idle timeout and an absolute one. A session still registering MFA lives 15 minutes at most
 * and can only confirm the registration.
 */
import { hashSecret, randomSecret, secretsEqual } from '../oidc/oidc-secrets.ts'
import type { TokenOwner } from '../oidc/oidc-service.ts'
import type { PortalSessionRecord, PortalSessionState, PortalSessionStore } from './portal-ports.ts'

/** Session lifetimes, in seconds. */
export interface PortalSessionLimits {
  readonly idle: number
  readonly absolute: number
  /** Absolute lifetime of a session that is registering MFA. */
  readonly registration: number
}

/** Idle 1 hour, absolute 12 hours, MFA registration 15 minutes. */
export const DEFAULT_SESSION_LIMITS: PortalSessionLimits = {
  idle: 3600,
  absolute: 12 * 3600,
  registration: 15 * 60,
}

/** A session just opened: the cookie value (never stored) and its CSRF token. */
export interface OpenedSession {
  readonly id: string
  readonly record: PortalSessionRecord
}

/** A live session, or why the cookie named none. */
export type ResolvedSession =
  | { readonly ok: true; readonly record: PortalSessionRecord }
  | { readonly ok: false; readonly reason: 'no-cookie' | 'unknown-session' | 'session-expired' }

/** Only touch `lastSeenAt` this often, to spare the database a write per request. */
const TOUCH_EVERY_MS = 60_000
const PURGE_EVERY_MS = 5 * 60_000
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/

/**
 * Creates, resolves and ends portal sessions.
 * @example
 * const { id, record } = await sessions.open(user, 'active', now) // id goes in the cookie
 * const resolved = await sessions.resolve(cookieValue, now)
 */
export class PortalSessions {
  readonly #store: PortalSessionStore
  readonly limits: PortalSessionLimits
  #lastPurge = 0

  constructor(store: PortalSessionStore, limits: Partial<PortalSessionLimits> = {}) {
    this.#store = store
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...limits }
  }

  /** Opens a session for `user`. */
  async open(user: TokenOwner, state: PortalSessionState, now: Date): Promise<OpenedSession> {
    await this.#purge(now)
    const id = randomSecret('', 32)
    const record: PortalSessionRecord = {
      idHash: hashSecret(id),
      identityStoreId: user.identityStoreId,
      userId: user.userId,
      csrfToken: randomSecret('', 32),
      state,
      createdAt: now.getTime(),
      lastSeenAt: now.getTime(),
    }
    await this.#store.createSession(record)
    return { id, record }
  }

  /** The live session a cookie names, or why there is none (an expired one is deleted). */
  async resolve(id: string | undefined, now: Date): Promise<ResolvedSession> {
    if (id === undefined || id === '') return { ok: false, reason: 'no-cookie' }
    if (!SESSION_ID.test(id)) return { ok: false, reason: 'unknown-session' }
    const record = await this.#store.getSession(hashSecret(id))
    if (record === undefined) return { ok: false, reason: 'unknown-session' }
    const at = now.getTime()
    if (at >= this.expiresAt(record)) {
      await this.#store.deleteSession(record.idHash)
      return { ok: false, reason: 'session-expired' }
    }
    if (at - record.lastSeenAt >= TOUCH_EVERY_MS) {
      await this.#store.touchSession(record.idHash, at)
      return { ok: true, record: { ...record, lastSeenAt: at } }
    }
    return { ok: true, record }
  }

  /** When the session ends unless used again (epoch ms). */
  expiresAt(record: PortalSessionRecord): number {
    const absolute = record.state === 'active' ? this.limits.absolute : this.limits.registration
    return Math.min(record.lastSeenAt + this.limits.idle * 1000, record.createdAt + absolute * 1000)
  }

  /** True when `header` is the session's CSRF token (constant time). */
  csrfMatches(record: PortalSessionRecord, header: string | undefined): boolean {
    return header !== undefined && secretsEqual(record.csrfToken, header)
  }

  /** Ends a session. */
  async end(record: PortalSessionRecord): Promise<void> {
    await this.#store.deleteSession(record.idHash)
  }

  async #purge(now: Date): Promise<void> {
    const at = now.getTime()
    if (at - this.#lastPurge < PURGE_EVERY_MS) return
    this.#lastPurge = at
    await this.#store.purgeExpiredSessions(
      at - this.limits.idle * 1000,
      at - this.limits.absolute * 1000,
    )
  }
}
