/**
 * A unit of work: what one write call does to the store, committed or rolled back as one
 * transaction together with its audit records (issue 8: "the event of a write commits in the same
 * transaction as the write"). The storage layer implements {@link UnitOfWork} with an ambient
 * transaction that every store joins while the unit runs.
 *
 * Effects that must not run before the unit's outcome is decided (telling caches and other
 * nodes that policies changed) are registered with {@link whenUnitEnds}: outside a unit they run
 * at once; inside one, once more when it has committed or rolled back, and the unit resolves
 * only once those effects have (so another node has been told before the call is answered).
 */
import { AsyncLocalStorage } from 'node:async_hooks'

/** Runs a function as one unit of work. */
export interface UnitOfWork {
  /**
   * Runs `fn` in one transaction that commits when it resolves and rolls back when it rejects;
   * then runs the effects registered with {@link whenUnitEnds}, whatever the outcome.
   */
  run<T>(fn: () => Promise<T>): Promise<T>
}

/** An effect; a promise it returns is awaited and must not reject (report failures another way). */
type UnitEndEffect = () => unknown

const endEffects = new AsyncLocalStorage<Map<unknown, UnitEndEffect>>()

/**
 * Runs `effect` now; and, inside a unit of work, once more (per `key`) after the unit ends,
 * awaited before the unit resolves.
 * @example whenUnitEnds(this, () => this.bumpOnly())
 */
export function whenUnitEnds(key: unknown, effect: UnitEndEffect): void {
  void effect()
  endEffects.getStore()?.set(key, effect)
}

/**
 * Runs `fn` collecting the effects registered inside it, then runs them (also when `fn` fails).
 * For implementations of {@link UnitOfWork}: call it around the transaction.
 */
export async function withUnitEndEffects<T>(fn: () => Promise<T>): Promise<T> {
  const effects = new Map<unknown, UnitEndEffect>()
  try {
    return await endEffects.run(effects, fn)
  } finally {
    await Promise.all([...effects.values()].map((effect) => effect()))
  }
}
