import type { ApplyLog } from './org-file-client.ts'

/** What applying a file did: items created, updated and found as the file wants them. */
export interface ApplyCounts {
  readonly created: number
  readonly updated: number
  readonly unchanged: number
}

/**
 * Counts items (an OU, an account, a policy, a role, an attachment, a membership, an inline
 * policy…) by outcome, logging one line per change.
 */
export class ApplyTally {
  created = 0
  updated = 0
  unchanged = 0
  private readonly log: ApplyLog

  constructor(log: ApplyLog) {
    this.log = log
  }

  /** Records an item created. */
  create(line: string): void {
    this.created++
    this.log(line)
  }

  /** Records an item changed. */
  update(line: string): void {
    this.updated++
    this.log(line)
  }

  /** Records an item already as the file wants it. */
  same(): void {
    this.unchanged++
  }

  /** The counts so far. */
  counts(): ApplyCounts {
    return { created: this.created, updated: this.updated, unchanged: this.unchanged }
  }
}
