import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isDomainError } from '../common/domain-error.ts'
import { parseLookupEvents } from './lookup-events.ts'

const code = (raw: Record<string, unknown>): string => {
  try {
    parseLookupEvents(raw)
  } catch (e) {
    if (isDomainError(e)) return e.code
    throw e
  }
  return 'ok'
}

describe('parseLookupEvents', () => {
  it('takes one attribute, times in epoch seconds, MaxResults 1–50 (default 50)', () => {
    assert.deepEqual(
      parseLookupEvents({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }],
        StartTime: 1_700_000_000,
        EndTime: 1_700_000_060.5,
        MaxResults: 7,
        NextToken: 't',
      }),
      {
        attribute: { key: 'EventName', value: 'AssumeRole' },
        startTime: 1_700_000_000_000,
        endTime: 1_700_000_060_500,
        maxResults: 7,
        nextToken: 't',
      },
    )
    assert.deepEqual(parseLookupEvents({}), { maxResults: 50 })
  })

  it('answers with AWS’s error codes', () => {
    const two = [
      { AttributeKey: 'EventName', AttributeValue: 'a' },
      { AttributeKey: 'Username', AttributeValue: 'b' },
    ]
    assert.equal(code({ LookupAttributes: two }), 'InvalidLookupAttributesException')
    assert.equal(
      code({ LookupAttributes: [{ AttributeKey: 'Color', AttributeValue: 'x' }] }),
      'InvalidLookupAttributesException',
    )
    assert.equal(
      code({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'yes' }] }),
      'InvalidLookupAttributesException',
    )
    assert.equal(
      code({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '' }] }),
      'InvalidLookupAttributesException',
    )
    assert.equal(code({ MaxResults: 0 }), 'InvalidMaxResultsException')
    assert.equal(code({ MaxResults: 51 }), 'InvalidMaxResultsException')
    assert.equal(code({ StartTime: 20, EndTime: 10 }), 'InvalidTimeRangeException')
    assert.equal(code({ StartTime: 'yesterday' }), 'InvalidTimeRangeException')
    assert.equal(code({ EventCategory: 'data' }), 'InvalidEventCategoryException')
    assert.equal(code({ EventCategory: 'insight', MaxResults: 50 }), 'ok')
  })
})
