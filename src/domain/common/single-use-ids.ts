/**
 * Ids that may be used once until they expire: spent console sign-in tokens, used SAML assertion
 * ids. The server keeps them in its database so that every node sharing it refuses a second use;
 * {@link InMemorySingleUseIds} serves tests and single-process tools.
 */

/** What a single-use id belongs to: ids of different kinds never collide. */
export const SINGLE_USE_KINDS = ['signin-token', 'saml-assertion'] as const
export type SingleUseKind = (typeof SINGLE_USE_KINDS)[number]

/** The port: one atomic "use it, unless it was used". */
export interface SingleUseIds {
  /**
   * Records `id` of `kind` as used until `expiresAt` (epoch ms). True the first time; false when
   * it was already used and that use has not expired (on any node sharing the store).
   */
  use(kind: SingleUseKind, id: string, expiresAt: number, now: number): Promise<boolean>
}

/**
 * Single-use ids in this process's memory (one node only).
 * @example
 * const ids = new InMemorySingleUseIds()
 * await ids.use('signin-token', 'abc', Date.now() + 900_000, Date.now()) // true, then false
 */
export class InMemorySingleUseIds implements SingleUseIds {
  readonly #used = new Map<string, number>()

  async use(kind: SingleUseKind, id: string, expiresAt: number, now: number): Promise<boolean> {
    for (const [k, until] of this.#used) if (until <= now) this.#used.delete(k)
    const key = `${kind}\n${id}`
    if (this.#used.has(key)) return false
    this.#used.set(key, expiresAt)
    return true
  }
}
