import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DomainError } from '../../common/domain-error.ts'
import { lookupEventHistory, readEventHistoryQuery } from './event-history.ts'

/** A LookupEvents event of `name` at second `s`, with an error code when `error`. */
const event = (id: string, name: string, s: number, error?: string) => ({
  EventId: id,
  EventName: name,
  ReadOnly: 'false',
  EventSource: 'iam.amazonaws.com',
  Username: 'alice',
  Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'bob' }],
  CloudTrailEvent: JSON.stringify({
    eventID: id,
    eventName: name,
    eventTime: new Date(s * 1000).toISOString().slice(0, 19) + 'Z',
    requestID: `req-${id}`,
    ...(error === undefined ? {} : { errorCode: error }),
  }),
})

/** LookupEvents over `pages` (by NextToken), recording each call's input. */
function fakeLookup(pages: ReturnType<typeof event>[][]) {
  const calls: Record<string, unknown>[] = []
  const call = async (service: string, operation: string, input: Record<string, unknown>) => {
    assert.equal(`${service}:${operation}`, 'cloudtrail:LookupEvents')
    calls.push(input)
    const i = input.NextToken === undefined ? 0 : Number(input.NextToken)
    return { Events: pages[i], ...(i + 1 < pages.length ? { NextToken: String(i + 1) } : {}) }
  }
  return { call, calls }
}

describe('event history', () => {
  it('reads the query: one of the eight attributes with a value, a time range, errors only', () => {
    assert.deepEqual(
      readEventHistoryQuery({
        attribute: 'EventName',
        value: ' AssumeRole ',
        start: '2026-12-07T10:00:00Z',
        end: '1796652000000',
        errorsOnly: 'true',
      }),
      {
        attribute: { key: 'EventName', value: 'AssumeRole' },
        start: Date.parse('2026-12-07T10:00:00Z'),
        end: 1796652000000,
        errorsOnly: true,
      },
    )
    assert.deepEqual(readEventHistoryQuery({}), { errorsOnly: false })
    for (const bad of [
      { attribute: 'Region', value: 'x' },
      { attribute: 'Username' },
      { start: 'yesterday' },
      { start: '2026-12-07T10:00:00Z', end: '2026-12-07T09:00:00Z' },
    ]) {
      assert.throws(() => readEventHistoryQuery(bad), DomainError, JSON.stringify(bad))
    }
  })

  it('asks LookupEvents for one page, in seconds, and hands its NextToken on', async () => {
    const { call, calls } = fakeLookup([[event('a', 'CreateUser', 100)], [event('b', 'X', 99)]])
    const page = await lookupEventHistory(
      call,
      readEventHistoryQuery({
        attribute: 'Username',
        value: 'alice',
        start: '90500',
        end: '200999',
      }),
    )
    assert.deepEqual(calls, [
      {
        LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }],
        StartTime: 90,
        EndTime: 200,
        MaxResults: 50,
      },
    ])
    assert.equal(page.nextToken, '1')
    assert.deepEqual(page.events[0], {
      eventId: 'a',
      eventTime: 100_000,
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      username: 'alice',
      readOnly: false,
      resources: [{ type: 'AWS::IAM::User', name: 'bob' }],
      requestId: 'req-a',
      record: JSON.parse(event('a', 'CreateUser', 100).CloudTrailEvent),
    })
    const next = await lookupEventHistory(call, readEventHistoryQuery({ nextToken: '1' }))
    assert.deepEqual(
      next.events.map((e) => e.eventId),
      ['b'],
    )
    assert.equal(next.nextToken, undefined)
  })

  it('errors only: reads whole pages until a page of errors or the end', async () => {
    const { call, calls } = fakeLookup([
      [event('a', 'GetUser', 9), event('b', 'GetUser', 8, 'NoSuchEntity')],
      [event('c', 'GetUser', 7)],
      [event('d', 'AssumeRole', 6, 'AccessDenied')],
    ])
    const page = await lookupEventHistory(call, readEventHistoryQuery({ errorsOnly: 'true' }))
    assert.deepEqual(
      page.events.map((e) => [e.eventId, e.errorCode]),
      [
        ['b', 'NoSuchEntity'],
        ['d', 'AccessDenied'],
      ],
    )
    assert.equal(calls.length, 3)
    assert.equal(page.nextToken, undefined)
  })

  it('since: every event from then on, all pages', async () => {
    const { call, calls } = fakeLookup([[event('a', 'X', 12)], [event('b', 'Y', 11)]])
    const page = await lookupEventHistory(call, readEventHistoryQuery({ since: '11000' }))
    assert.deepEqual(
      page.events.map((e) => e.eventId),
      ['a', 'b'],
    )
    assert.equal(calls[0]!.StartTime, 11)
    assert.equal(page.nextToken, undefined)
  })
})
