/**
 * The engine's public functions as the tests and the benchmark use them, looked up at run time
 * so that these files load (and report clearly) while the engine is still being written.
 */
import type {
  EvaluationCase,
  Policy,
  PolicySet,
  PolicyType,
  Problem,
  Request,
  Result,
} from '../../src/policy/types.ts'
import * as policyModule from '../../src/policy/index.ts'

export interface EngineApi {
  evaluate(c: EvaluationCase): Result
  compile(policies: PolicySet): { authorize(request: Request): Result }
  parsePolicy(input: unknown, type: PolicyType): { policy: Policy | undefined; problems: Problem[] }
}

const candidate = policyModule as unknown as Partial<EngineApi>

/** The engine, or undefined while `src/policy/index.ts` does not export all three functions yet. */
export const engine: EngineApi | undefined =
  typeof candidate.evaluate === 'function' &&
  typeof candidate.compile === 'function' &&
  typeof candidate.parsePolicy === 'function'
    ? (candidate as EngineApi)
    : undefined

/** Why a test is skipped when the engine is missing. */
export const ENGINE_MISSING =
  engine === undefined ? 'src/policy does not export evaluate, compile and parsePolicy yet' : false
