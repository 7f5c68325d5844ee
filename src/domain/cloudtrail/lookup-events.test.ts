import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isDomainError } from '../common/domain-error.ts'
import { testRequest, userCaller } from '../common/call-context.fixture.ts'
import type { AuditStore, EventQuery } from './audit-store.ts'
import { lookupEventsOperation, parseLookupEvents } from './lookup-events.ts'
import type { StoredEvent } from './stored-event.ts'

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

describe('LookupEvents', () => {
  it('returns management events only, filling pages past data events', async () => {
    const A = '111111111111'
    const now = Date.parse('2026-12-07T20:00:00Z')
    // Newest first: seq 30 … 1; every third one a management event.
    const events: StoredEvent[] = Array.from({ length: 30 }, (_, i) => {
      const seq = 30 - i
      const data = seq % 3 !== 0
      return {
        nodeId: 'n',
        seq,
        eventTime: now - 1000 * (31 - seq),
        record: JSON.stringify({
          eventID: `e-${seq}`,
          eventName: data ? 'GetObject' : 'ListRoles',
          eventTime: '2026-12-07T19:59:00Z',
          eventSource: data ? 's3.amazonaws.com' : 'iam.amazonaws.com',
          readOnly: true,
          userIdentity: { type: 'Root', accountId: A },
          eventCategory: data ? 'Data' : 'Management',
        }),
      } as StoredEvent
    })
    const store = {
      query: async (q: EventQuery) =>
        events
          .filter(
            (e) =>
              q.before === undefined ||
              e.eventTime < q.before.eventTime ||
              (e.eventTime === q.before.eventTime && e.seq < q.before.seq),
          )
          .slice(0, q.limit),
    } as unknown as AuditStore
    const op = lookupEventsOperation({ store, now: () => now })
    const call = {
      caller: userCaller(A),
      request: testRequest(new Date(now)),
      authorize: () => Promise.reject(new Error('unused')),
    }
    const names: string[] = []
    let token: string | undefined
    for (let page = 0; page < 10; page++) {
      const out = await op.run(
        { maxResults: 3, ...(token === undefined ? {} : { nextToken: token }) },
        call,
      )
      names.push(...out.Events.map((e) => `${e.EventName}:${e.EventId}`))
      token = out.NextToken
      if (token === undefined) break
    }
    assert.deepEqual(
      names,
      [30, 27, 24, 21, 18, 15, 12, 9, 6, 3].map((n) => `ListRoles:e-${n}`),
    )
  })
})
