/**
 * Bounded slices of synchronous database work. `node:sqlite` runs each statement on the calling
 * thread, and Kysely resolves its promises without a turn of the event loop, so one long read (a
 * GetAccountAuthorizationDetails page of 1 000 entries, a large listing) would hold the thread
 * for its whole duration while every other request waits. Before each statement the driver asks
 * {@link EventLoopSlice.due}: once the current slice has run {@link SLICE_MS} without the event
 * loop getting a turn, it yields (`setImmediate`), so sockets are read and other requests'
 * statements interleave; the work then goes on.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'

/** The longest the thread runs statements without letting the event loop turn. */
export const SLICE_MS = 5

/** Tracks how long the current turn of the event loop has been running statements. */
export class EventLoopSlice {
  readonly #sliceMs: number
  readonly #now: () => number
  #startedAt: number | undefined

  constructor(sliceMs = SLICE_MS, now: () => number = () => performance.now()) {
    this.#sliceMs = sliceMs
    this.#now = now
  }

  /**
   * Undefined while the slice has time left; otherwise a promise that resolves on the event
   * loop's next turn (await it before the next statement).
   */
  due(): Promise<void> | undefined {
    const now = this.#now()
    if (this.#startedAt === undefined) {
      this.#startedAt = now
      // The loop turned when this runs: the next statement starts a new slice.
      setImmediate(() => (this.#startedAt = undefined))
      return undefined
    }
    if (now - this.#startedAt < this.#sliceMs) return undefined
    this.#startedAt = undefined
    return nextTurn()
  }
}

/** The slice every SQLite connection of this process shares (they share one thread). */
export const sharedSlice = new EventLoopSlice()
