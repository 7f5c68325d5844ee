/**
 * Failed IAM console sign-ins, counted per account and user name, and the lockout they earn:
 * from the fifth failure in a row the name is locked for 1 second, then 2, 4, … up to 15
 * minutes. A success clears the count; a day without failures forgets it. One node keeps the
 * count in memory; several nodes share it through the database, so no node is a way around it.
 */

/** Failures in a row before the first lock. */
export const CONSOLE_LOCK_AFTER = 5
/** The longest lock, in seconds. */
export const CONSOLE_MAX_LOCK_SECONDS = 15 * 60
/** A count whose last failure is older than this (ms) starts again from one. */
export const CONSOLE_FAILURES_FORGOTTEN_AFTER_MS = 24 * 3600_000

/** How long (ms) the `failures`-th failure in a row locks sign-in; 0 below the threshold. */
export function consoleLockMs(failures: number): number {
  const over = failures - CONSOLE_LOCK_AFTER
  return over < 0 ? 0 : Math.min(2 ** over, CONSOLE_MAX_LOCK_SECONDS) * 1000
}

/** Where failed console sign-ins are counted (one process: memory; several: the database). */
export interface ConsoleSignInFailures {
  /**
   * Counts a failure of `key` at `now` (epoch ms) and locks it as {@link consoleLockMs} says,
   * never shortening a longer lock.
   * @returns when the key is locked until (epoch ms), if it is locked after `now`.
   */
  record(key: string, now: number): Promise<number | undefined>
  /** Forgets the key's failures and lock (after a successful sign-in). */
  clear(key: string): Promise<void>
  /** When the key is locked until (epoch ms), if that is after `now`. */
  lockedUntil(key: string, now: number): Promise<number | undefined>
}
