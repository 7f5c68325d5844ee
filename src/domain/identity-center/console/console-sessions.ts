/**
 * Console sessions: a random 256-bit id in the cookie, only its SHA-256 stored, a CSRF token per
 * session, an idle timeout and an absolute one, and never longer than the signed-in identity's
 * credentials. A switched role whose credentials expired is dropped (back to the signed-in
 * identity), as AWS's console does.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import {
  MAX_RECENT_ROLES,
  type ConsoleOrigin,
  type ConsoleSessionRecord,
  type ConsoleSessionStore,
  type RecentRole,
  type SwitchedRole,
} from './console-session-record.ts'

/** Session lifetimes, in seconds. */
export interface ConsoleSessionLimits {
  readonly idle: number
  readonly absolute: number
}

/** Idle 1 hour, absolute 12 hours (AWS's console signs out after 12 hours at most). */
export const DEFAULT_CONSOLE_LIMITS: ConsoleSessionLimits = { idle: 3600, absolute: 12 * 3600 }

/** A live session, or why the cookie named none. */
export type ResolvedConsoleSession =
  | { readonly ok: true; readonly record: ConsoleSessionRecord }
  | { readonly ok: false; readonly reason: 'no-cookie' | 'unknown-session' | 'session-expired' }

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/
const TOUCH_EVERY_MS = 60_000
const PURGE_EVERY_MS = 5 * 60_000

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/**
 * Opens, resolves, changes and ends console sessions.
 * @example
 * const { id, record } = await sessions.open({ origin: 'portal', baseToken, baseExpiresAt }, now)
 * const resolved = await sessions.resolve(cookieValue, now)
 */
export class ConsoleSessions {
  readonly #store: ConsoleSessionStore
  readonly limits: ConsoleSessionLimits
  #lastPurge = 0

  constructor(store: ConsoleSessionStore, limits: Partial<ConsoleSessionLimits> = {}) {
    this.#store = store
    this.limits = { ...DEFAULT_CONSOLE_LIMITS, ...limits }
  }

  /** Opens a session for an identity's credentials; `id` goes in the cookie, never stored. */
  async open(
    base: { origin: ConsoleOrigin; baseToken: string; baseExpiresAt: number },
    now: Date,
  ): Promise<{ id: string; record: ConsoleSessionRecord }> {
    await this.#purge(now)
    const id = randomBytes(32).toString('base64url')
    const at = now.getTime()
    const record: ConsoleSessionRecord = {
      idHash: sha256(id),
      csrfToken: randomBytes(32).toString('base64url'),
      ...base,
      switched: undefined,
      recentRoles: [],
      createdAt: at,
      lastSeenAt: at,
    }
    await this.#store.create(record)
    return { id, record }
  }

  /** The live session a cookie names, or why there is none (an expired one is deleted). */
  async resolve(id: string | undefined, now: Date): Promise<ResolvedConsoleSession> {
    if (id === undefined || id === '') return { ok: false, reason: 'no-cookie' }
    if (!SESSION_ID.test(id)) return { ok: false, reason: 'unknown-session' }
    let record = await this.#store.get(sha256(id))
    if (record === undefined) return { ok: false, reason: 'unknown-session' }
    const at = now.getTime()
    if (at >= this.expiresAt(record)) {
      await this.#store.delete(record.idHash)
      return { ok: false, reason: 'session-expired' }
    }
    const stale = record.switched !== undefined && at >= record.switched.expiresAt
    if (stale || at - record.lastSeenAt >= TOUCH_EVERY_MS) {
      record = { ...record, lastSeenAt: at, ...(stale ? { switched: undefined } : {}) }
      await this.#store.put(record)
    }
    return { ok: true, record }
  }

  /** When the session ends unless used again (epoch ms). */
  expiresAt(record: ConsoleSessionRecord): number {
    return Math.min(
      record.lastSeenAt + this.limits.idle * 1000,
      record.createdAt + this.limits.absolute * 1000,
      record.baseExpiresAt,
    )
  }

  /** True when `header` is the session's CSRF token (constant time). */
  csrfMatches(record: ConsoleSessionRecord, header: string | undefined): boolean {
    if (header === undefined) return false
    const a = Buffer.from(record.csrfToken)
    const b = Buffer.from(header)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /** Records a switch to `role`, putting it first in the recent roles. */
  async switchTo(record: ConsoleSessionRecord, role: SwitchedRole): Promise<ConsoleSessionRecord> {
    const next = { ...record, switched: role, recentRoles: withRecent(record.recentRoles, role) }
    await this.#store.put(next)
    return next
  }

  /** Drops the switched role: back to the signed-in identity. */
  async switchBack(record: ConsoleSessionRecord): Promise<ConsoleSessionRecord> {
    const next = { ...record, switched: undefined }
    await this.#store.put(next)
    return next
  }

  /** Ends a session. */
  async end(record: ConsoleSessionRecord): Promise<void> {
    await this.#store.delete(record.idHash)
  }

  async #purge(now: Date): Promise<void> {
    const at = now.getTime()
    if (at - this.#lastPurge < PURGE_EVERY_MS) return
    this.#lastPurge = at
    await this.#store.purge(at - this.limits.idle * 1000, at - this.limits.absolute * 1000)
  }
}

/** `role` first, then the others without it (same account and role name), at most five. */
export function withRecent(recent: readonly RecentRole[], role: RecentRole): RecentRole[] {
  const entry: RecentRole = {
    accountId: role.accountId,
    roleName: role.roleName,
    displayName: role.displayName,
    color: role.color,
  }
  const others = recent.filter(
    (r) => !(r.accountId === role.accountId && r.roleName === role.roleName),
  )
  return [entry, ...others].slice(0, MAX_RECENT_ROLES)
}
