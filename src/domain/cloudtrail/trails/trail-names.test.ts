import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isDomainError } from '../../common/domain-error.ts'
import { parseTrailReference, validateTrailName } from './trail-names.ts'

const rejects = (name: string, code: string, message: RegExp) =>
  assert.throws(
    () => validateTrailName(name),
    (e: unknown) => isDomainError(e) && e.code === code && message.test(e.message),
    name,
  )

describe('trail names (CloudTrail naming requirements)', () => {
  it('accepts letters, digits, periods, underscores and dashes', () => {
    for (const name of ['abc', 'My-Trail_1.log', 'a'.repeat(128), '1st-trail'])
      validateTrailName(name)
  })

  it('refuses each broken rule in AWS words', () => {
    rejects('ab', 'InvalidTrailNameException', /too short.*Specified name length: 2 characters/)
    rejects('a'.repeat(129), 'InvalidTrailNameException', /too long.*129 characters/)
    rejects('-trail', 'InvalidTrailNameException', /must starts with a letter or number/)
    rejects('trail-', 'InvalidTrailNameException', /must ends with a letter or number/)
    rejects('my trail', 'InvalidTrailNameException', /can only contain/)
    rejects('my-_trail', 'InvalidTrailNameException', /adjacent/)
    rejects('my--trail', 'InvalidTrailNameException', /adjacent/)
    rejects('192.168.5.4', 'InvalidTrailNameException', /IP address/)
  })

  it('reads a bare name in the caller account and Region, or an ARN', () => {
    assert.deepEqual(parseTrailReference('main', '111111111111', 'eu-west-1'), {
      region: 'eu-west-1',
      accountId: '111111111111',
      name: 'main',
      arn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/main',
      byArn: false,
    })
    const arn = 'arn:aws:cloudtrail:us-east-1:222222222222:trail/org'
    assert.deepEqual(parseTrailReference(arn, '111111111111', 'eu-west-1'), {
      region: 'us-east-1',
      accountId: '222222222222',
      name: 'org',
      arn,
      byArn: true,
    })
    assert.throws(
      () => parseTrailReference('arn:aws:s3:::bucket', '111111111111', 'us-east-1'),
      (e: unknown) => isDomainError(e) && e.code === 'CloudTrailARNInvalidException',
    )
  })
})
