/**
 * Runs a plan's changes through the API, phase by phase (policies before the groups and roles
 * that attach them, groups before the users who join them, deletions last), a few changes at once
 * within a phase. A change that fails is rolled back (each call it made is undone, last first),
 * reported with AWS's error, and the others go on: rerunning the apply converges.
 */
import type { OrgFileClient } from '../org-file/org-file-client.ts'
import { boundedPool } from './bounded-pool.ts'
import { ChangeTransaction, type Plan, type ResourceChange } from './plan-model.ts'

/** A change that failed, put back as it was (unless `rollbackFailures` says otherwise). */
export interface FailedChange {
  readonly change: ResourceChange
  readonly error: string
  /** Undo calls that failed too: the resource may be partly changed. */
  readonly rollbackFailures: readonly string[]
}

/** What running a plan did. */
export interface PlanRun {
  readonly applied: number
  readonly failed: readonly FailedChange[]
}

/** How to run. */
export interface RunOptions {
  /** Changes in flight at once (default 8). */
  readonly concurrency?: number
  /** Told after each change, done out of total. */
  readonly progress?: (done: number, total: number, change: ResourceChange, error?: string) => void
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Runs every change that has calls (structure changes are applied before, by applyStructure).
 * @example const result = await runPlan(plan, client, { concurrency: 8 })
 */
export async function runPlan(
  plan: Plan,
  client: OrgFileClient,
  options: RunOptions = {},
): Promise<PlanRun> {
  const runnable = plan.changes.filter((c) => c.run !== undefined)
  const phases = [...new Set(runnable.map((c) => c.phase))].sort((a, b) => a - b)
  const failed: FailedChange[] = []
  let done = 0
  let applied = 0
  for (const phase of phases) {
    const batch = runnable.filter((c) => c.phase === phase)
    await boundedPool(batch, options.concurrency ?? 8, async (change) => {
      const tx = new ChangeTransaction(client)
      let error: string | undefined
      try {
        await change.run!(tx)
        applied++
      } catch (e) {
        error = message(e)
        failed.push({ change, error, rollbackFailures: await tx.rollback() })
      }
      options.progress?.(++done, runnable.length, change, error)
    })
  }
  return { applied, failed }
}
