/**
 * A counter that every write to IAM or Organizations bumps, so cached compiled policy sets are
 * never used after a change. One process: in memory. Several on PostgreSQL: each node bumps its
 * counter on the others' NOTIFY as well.
 */
export class PolicyGeneration {
  private value = 0

  get current(): number {
    return this.value
  }

  /** Marks every cached decision input as stale. */
  bump(): void {
    this.value++
  }
}
