import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DomainError } from '../common/domain-error.ts'
import { stsErrors } from './errors.ts'

// The codes STS's API model declares (awsQueryError), plus the query protocol's common ones.
const STS_CODES: Record<string, number[]> = {
  ValidationError: [400],
  InvalidParameterValue: [400],
  AccessDenied: [403],
  MalformedPolicyDocument: [400],
  PackedPolicyTooLarge: [400],
  InvalidAuthorizationMessageException: [400],
}

test('every STS error uses a code and status AWS declares for STS', () => {
  for (const [name, make] of Object.entries(stsErrors)) {
    const e = (make as (...a: unknown[]) => unknown)('x', 1)
    assert.ok(e instanceof DomainError, name)
    assert.ok(STS_CODES[e.code]?.includes(e.httpStatus), `${name}: ${e.code} ${e.httpStatus}`)
    assert.ok(e.message.length > 0, name)
  }
})
