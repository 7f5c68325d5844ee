/**
 * Runs the conformance corpus (one JSON file per feature, each case citing the AWS documentation)
 * through every evaluator. Each evaluator decides the whole corpus in one batch (the CLI is started
 * once); the results are then checked in one subtest per file.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { EVALUATORS } from './evaluators.ts'
import { loadCorpus, toEvaluationCase } from './load-corpus.ts'
import type { CorpusCase } from './load-corpus.ts'
import type { Result } from '../../src/policy/index.ts'

const corpus = loadCorpus()
const allCases = corpus.flatMap((file) => file.cases)

function failure(c: CorpusCase, result: Result | undefined): string {
  const lines = [
    `case: ${c.name}`,
    `source: ${c.source}`,
    ...(c.note === undefined ? [] : [`note: ${c.note}`]),
    `expected: ${c.expected}`,
    ...(c.rule === undefined ? [] : [`expected rule: ${c.rule}`]),
    `actual: ${result?.decision ?? '(no result)'}`,
    `explanation: ${JSON.stringify(result?.explanation ?? null)}`,
  ]
  return lines.join('\n    ')
}

for (const evaluator of EVALUATORS) {
  describe(`conformance (${evaluator.name})`, () => {
    let results: Result[] = []
    before(async () => {
      results = await evaluator.evaluateAll(allCases.map(toEvaluationCase))
      assert.equal(results.length, allCases.length, 'one result per case')
    })
    let offset = 0
    for (const file of corpus) {
      const start = offset
      offset += file.cases.length
      it(`${file.feature} (${file.cases.length} cases)`, () => {
        const failures = file.cases
          .map((c, i) => ({ c, result: results[start + i] }))
          .filter(
            ({ c, result }) =>
              result?.decision !== c.expected ||
              (c.rule !== undefined && result.explanation.rule !== c.rule),
          )
          .map(({ c, result }) => failure(c, result))
        assert.equal(
          failures.length,
          0,
          `${failures.length} of ${file.cases.length} cases disagree:\n  - ${failures.join('\n  - ')}`,
        )
      })
    }
  })
}
