import type { Problem } from '../types.ts'
import { formatProblem, type ProblemDetail } from './messages.ts'

/**
 * Collects the problems found while parsing one policy. `fatal` becomes true once a problem makes
 * the policy impossible to evaluate faithfully (a statement that cannot be understood, which, if
 * skipped, could silently drop a Deny).
 */
export class ProblemCollector {
  readonly problems: Problem[] = []
  fatal = false

  /** A problem AWS rejects at write time, but which does not stop evaluation. */
  error(path: string, detail: ProblemDetail): void {
    this.problems.push(make(path, detail, 'error'))
  }

  /** A problem that leaves the policy unevaluable. */
  fatalError(path: string, detail: ProblemDetail): void {
    this.fatal = true
    this.problems.push(make(path, detail, 'error'))
  }

  /** Something AWS accepts but that is probably not what the author meant. */
  warn(path: string, detail: ProblemDetail): void {
    this.problems.push(make(path, detail, 'warning'))
  }
}

function make(path: string, detail: ProblemDetail, severity: Problem['severity']): Problem {
  return { code: detail.code, path, message: formatProblem(detail), severity }
}
