import assert from 'node:assert/strict'
import { it } from 'node:test'
import { ProblemSink } from './file-problem.ts'
import { readPolicyRef } from './policy-refs.ts'

const account = { name: 'Dev', policyNames: new Set(['Mine']) }

it('names any AWS-managed policy of the catalog, at its own path; customer policies first', () => {
  const sink = new ProblemSink()
  const read = (text: string) => readPolicyRef(text, ['x'], sink, account)
  assert.deepEqual(read('AWSLambdaBasicExecutionRole'), {
    kind: 'aws',
    name: 'AWSLambdaBasicExecutionRole',
    arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  })
  assert.deepEqual(read('DatabaseAdministrator'), {
    kind: 'aws',
    name: 'DatabaseAdministrator',
    arn: 'arn:aws:iam::aws:policy/job-function/DatabaseAdministrator',
  })
  assert.deepEqual(read('Mine'), { kind: 'customer', name: 'Mine' })
  assert.ok(sink.empty)
  assert.equal(read('NoSuchPolicyAnywhere'), undefined)
  assert.match(
    sink.problems[0]!.message,
    /neither a policy declared in account 'Dev' nor an AWS managed policy/,
  )
})
