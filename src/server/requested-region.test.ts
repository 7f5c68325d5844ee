import assert from 'node:assert/strict'
import { test } from 'node:test'
import { requestedRegion } from './requested-region.ts'

test('IAM and Organizations calls are evaluated in us-east-1 whatever the signing Region', () => {
  assert.equal(requestedRegion('iam', 'ap-southeast-2'), 'us-east-1')
  assert.equal(requestedRegion('organizations', 'eu-west-1'), 'us-east-1')
})

test("regional services keep the signature's Region", () => {
  assert.equal(requestedRegion('sts', 'ap-southeast-2'), 'ap-southeast-2')
  assert.equal(requestedRegion('sso', 'eu-central-1'), 'eu-central-1')
  assert.equal(requestedRegion('constructor', 'eu-west-1'), 'eu-west-1')
})
