/**
 * Failed console sign-ins in this process's memory: enough for the embedded single-node server
 * and unit tests. Several nodes share {@link ConsoleSignInFailures} through the database instead.
 */
import {
  CONSOLE_FAILURES_FORGOTTEN_AFTER_MS,
  consoleLockMs,
  type ConsoleSignInFailures,
} from './console-sign-in-failures.ts'

/** The largest number of keys kept; past it, everything is forgotten. */
const MAX_KEYS = 10_000

interface Entry {
  readonly count: number
  readonly until: number
  readonly lastFailedAt: number
}

/** A {@link ConsoleSignInFailures} over a Map. */
export class MemoryConsoleSignInFailures implements ConsoleSignInFailures {
  readonly #entries = new Map<string, Entry>()

  async record(key: string, now: number): Promise<number | undefined> {
    const previous = this.#entries.get(key)
    const forgotten =
      previous === undefined ||
      (previous.lastFailedAt < now - CONSOLE_FAILURES_FORGOTTEN_AFTER_MS && previous.until <= now)
    const count = forgotten ? 1 : previous.count + 1
    const lock = consoleLockMs(count)
    const until = Math.max(forgotten ? 0 : previous.until, lock === 0 ? 0 : now + lock)
    if (this.#entries.size >= MAX_KEYS && previous === undefined) this.#entries.clear()
    this.#entries.set(key, { count, until, lastFailedAt: now })
    return until > now ? until : undefined
  }

  async clear(key: string): Promise<void> {
    this.#entries.delete(key)
  }

  async lockedUntil(key: string, now: number): Promise<number | undefined> {
    const until = this.#entries.get(key)?.until ?? 0
    return until > now ? until : undefined
  }
}
