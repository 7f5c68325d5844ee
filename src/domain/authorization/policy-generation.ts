import { whenUnitEnds } from '../common/unit-of-work.ts'

/**
 * A counter that every write to IAM or Organizations bumps, so cached compiled policy sets are
 * never used after a change. One process: in memory. Several on one PostgreSQL: `onBump` tells
 * the other nodes (NOTIFY), and each node calls `bumpFromPeer` when told (LISTEN).
 * Inside a unit of work (a write call's transaction) it bumps again when the unit has committed
 * or rolled back, so that nothing read before the commit, here or on another node, stays cached.
 */
export class PolicyGeneration {
  private value = 0
  private readonly onBump: (() => void) | undefined

  constructor(onBump?: () => void) {
    this.onBump = onBump
  }

  get current(): number {
    return this.value
  }

  /** Marks every cached decision input as stale, here and on the other nodes. */
  bump(): void {
    whenUnitEnds(this, () => {
      this.value++
      this.onBump?.()
    })
  }

  /** Another node changed policies: mark local caches stale without telling anyone. */
  bumpFromPeer(): void {
    this.value++
  }
}
