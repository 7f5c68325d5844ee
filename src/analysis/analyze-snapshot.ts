/** One call from a snapshot to its analysis: the index, the evaluator and the graph. */
import { Evaluator } from './evaluator.ts'
import { buildReachability, type ReachabilityGraph } from './reachability.ts'
import type { OrganizationSnapshot } from './snapshot.ts'
import { SnapshotIndex } from './snapshot-index.ts'

/** A snapshot analysed: ask it with `accessFrom`, `whoCan`, `findEscalations`. */
export interface Analysis {
  readonly index: SnapshotIndex
  readonly evaluator: Evaluator
  readonly graph: ReachabilityGraph
}

/**
 * Indexes a snapshot and builds its reachability graph. `context` fixes request keys for every
 * decision (`{"aws:MultiFactorAuthPresent": "true"}`); other keys are searched.
 */
export function analyzeSnapshot(
  snapshot: OrganizationSnapshot,
  context: Readonly<Record<string, string>> = {},
): Analysis {
  const index = new SnapshotIndex(snapshot)
  const evaluator = new Evaluator(index, context)
  return { index, evaluator, graph: buildReachability(evaluator) }
}
