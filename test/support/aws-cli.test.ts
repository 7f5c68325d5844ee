import assert from 'node:assert/strict'
import { test } from 'node:test'
import { awsCliSkipReason } from './aws-cli.ts'

const MISSING = '/nonexistent/bin/aws'

test('a missing AWS CLI is a reason to skip outside CI', () => {
  assert.match(awsCliSkipReason({}, MISSING) ?? '', /is not installed/)
  assert.match(awsCliSkipReason({ CI: 'false' }, MISSING) ?? '', /is not installed/)
})

test('under CI=true a missing AWS CLI fails instead', () => {
  assert.throws(() => awsCliSkipReason({ CI: 'true' }, MISSING), /CI=true requires it/)
})

test('an executable CLI is no reason to skip', () => {
  assert.equal(awsCliSkipReason({ CI: 'true' }, '/bin/sh'), undefined)
})
