import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { awsError, isAwsError, receiverError, senderError } from './aws-error.ts'

describe('AwsError', () => {
  it('derives Sender/Receiver from the status, unless built as one', () => {
    assert.deepEqual(awsError('NoSuchEntity', 'm', 404), {
      code: 'NoSuchEntity',
      message: 'm',
      httpStatus: 404,
      type: 'Sender',
    })
    assert.equal(awsError('ServiceFailure', 'm', 500).type, 'Receiver')
    assert.equal(receiverError('ServiceUnavailable', 'm', 503).type, 'Receiver')
    assert.equal(senderError('Throttling', 'Rate exceeded').httpStatus, 400)
  })
  it('keeps extra fields only when given', () => {
    assert.equal('fields' in senderError('A', 'b'), false)
    assert.deepEqual(senderError('C', 'd', 409, { Reason: 'R' }).fields, { Reason: 'R' })
  })
  it('recognises the shape', () => {
    assert.equal(isAwsError(senderError('A', 'b')), true)
    assert.equal(isAwsError(new Error('x')), false)
    assert.equal(isAwsError({ code: 'A', message: 'b', httpStatus: 400, type: 'Other' }), false)
  })
})
