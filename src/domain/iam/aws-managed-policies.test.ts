import assert from 'node:assert/strict'
import { it } from 'node:test'
import { parsePolicy } from '../../policy/index.ts'
import { AWS_MANAGED_POLICIES, awsManagedPolicy } from './aws-managed-policies.ts'

it('every AWS-managed policy parses as a valid identity policy within the managed size', () => {
  for (const p of AWS_MANAGED_POLICIES) {
    const errors = parsePolicy(p.document, 'identity').problems.filter(
      (x) => x.severity === 'error',
    )
    assert.deepEqual(errors, [], p.name)
    assert.match(p.id, /^ANPA[A-Z0-9]{17}$/, p.name)
    assert.equal(awsManagedPolicy(p.arn), p)
  }
  assert.ok(awsManagedPolicy('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'))
})
