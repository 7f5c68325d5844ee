import { whenUnitEnds } from '../common/unit-of-work.ts'
import { policyScopeKey, type PolicyScope } from './policy-scope.ts'

/**
 * How many scopes are remembered; past that every scope is forgotten and counted as changed
 * (one global change), so memory stays bounded whatever the organization's size.
 */
export const POLICY_SCOPE_LIMIT = 200_000

/**
 * A clock of policy changes, so cached compiled policy sets (and the readers cached with them)
 * are never used after a change to what they were built from. A write tells what it touched
 * (its {@link PolicyScope}s: an account's IAM, an organization node's SCPs/RCPs); a cached entry
 * records the clock when it was read and the scopes it depends on, and stays valid while none of
 * them moved ({@link unchangedSince}). `bump()` without scopes changes everything.
 *
 * One process: in memory. Several on one PostgreSQL: `onBump` tells the other nodes what changed
 * (NOTIFY), and each node calls `bumpFromPeer` when told (LISTEN).
 * Inside a unit of work (a write call's transaction) it bumps again when the unit has committed
 * or rolled back, so that nothing read before the commit, here or on another node, stays cached.
 */
export class PolicyGeneration {
  private value = 0
  /** The clock at the last change of everything. */
  private allAt = 0
  private readonly scopeAt = new Map<string, number>()
  private readonly onBump: ((scopes: readonly PolicyScope[] | undefined) => unknown) | undefined

  /**
   * `onBump` hears every local change, after it counts (undefined scopes: everything). A promise
   * it returns (resolved once the other nodes can hear of the change; never rejected) is awaited
   * before a unit of work that made the change resolves, so before the call is answered.
   */
  constructor(onBump?: (scopes: readonly PolicyScope[] | undefined) => unknown) {
    this.onBump = onBump
  }

  /** Moves on every change anywhere (for caches of the whole organization's analysis). */
  get current(): number {
    return this.value
  }

  /**
   * Marks cached decision inputs stale, here and on the other nodes: those depending on one of
   * `scopes`, or every one when `scopes` is absent. An empty list changes no decision input but
   * still moves {@link current}.
   * @example generation.bump([{ kind: 'account', id: '111122223333' }])
   */
  bump(scopes?: readonly PolicyScope[]): void {
    const key = scopes === undefined ? '*' : scopes.map(policyScopeKey).join(' ')
    whenUnitEnds(`${this.#id}:${key}`, () => {
      this.apply(scopes)
      return this.onBump?.(scopes)
    })
  }

  /** Another node changed policies: mark local caches stale without telling anyone. */
  bumpFromPeer(scopes?: readonly PolicyScope[]): void {
    this.apply(scopes)
  }

  /**
   * True when nothing in `scopes` (and no change of everything) happened after the clock read
   * `at` (a value of {@link current} taken before the cached entry was read).
   */
  unchangedSince(at: number, scopes: readonly string[]): boolean {
    if (this.allAt > at) return false
    for (const scope of scopes) if ((this.scopeAt.get(scope) ?? 0) > at) return false
    return true
  }

  private apply(scopes: readonly PolicyScope[] | undefined): void {
    this.value++
    if (scopes === undefined || this.scopeAt.size + scopes.length > POLICY_SCOPE_LIMIT) {
      this.allAt = this.value
      this.scopeAt.clear()
      return
    }
    for (const scope of scopes) this.scopeAt.set(policyScopeKey(scope), this.value)
  }

  readonly #id = `generation-${++instances}`
}

let instances = 0
