/**
 * Console sessions in this process's memory, for unit tests. The server uses the database
 * implementation of the same port (`SqlConsoleSessionStore`), which every node shares.
 */
import type { ConsoleSessionRecord, ConsoleSessionStore } from './console-session-record.ts'

/** The largest number of live sessions kept; the oldest go first past it. */
const MAX_SESSIONS = 10_000

/** A {@link ConsoleSessionStore} over a Map. */
export class MemoryConsoleSessionStore implements ConsoleSessionStore {
  readonly #sessions = new Map<string, ConsoleSessionRecord>()

  async create(record: ConsoleSessionRecord): Promise<void> {
    if (this.#sessions.size >= MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value
      if (oldest !== undefined) this.#sessions.delete(oldest)
    }
    this.#sessions.set(record.idHash, record)
  }

  async get(idHash: string): Promise<ConsoleSessionRecord | undefined> {
    return this.#sessions.get(idHash)
  }

  async put(record: ConsoleSessionRecord): Promise<void> {
    if (this.#sessions.has(record.idHash)) this.#sessions.set(record.idHash, record)
  }

  async delete(idHash: string): Promise<boolean> {
    return this.#sessions.delete(idHash)
  }

  async purge(idleBefore: number, createdBefore: number): Promise<void> {
    for (const [key, r] of this.#sessions) {
      if (r.lastSeenAt < idleBefore || r.createdAt < createdBefore) this.#sessions.delete(key)
    }
  }
}
