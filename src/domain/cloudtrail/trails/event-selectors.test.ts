import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CloudTrailRecord } from '../audit-record.ts'
import { isDomainError } from '../../common/domain-error.ts'
import {
  DEFAULT_EVENT_SELECTORS,
  parseAdvancedEventSelectors,
  parseEventSelectors,
  selectorsMatch,
} from './event-selectors.ts'

const record = (over: Partial<CloudTrailRecord>): CloudTrailRecord =>
  ({
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateRole',
    readOnly: false,
    eventCategory: 'Management',
    eventType: 'AwsApiCall',
    userIdentity: { type: 'Root' },
    ...over,
  }) as CloudTrailRecord
const write = record({})
const read = record({ eventName: 'GetRole', readOnly: true })
const kms = record({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', readOnly: true })

describe('event selectors', () => {
  it('the default logs every management event', () => {
    const s = { kind: 'basic', selectors: DEFAULT_EVENT_SELECTORS } as const
    assert.ok(selectorsMatch(s, write) && selectorsMatch(s, read))
  })

  it('basic: ReadWriteType, IncludeManagementEvents, ExcludeManagementEventSources', () => {
    const only = (raw: unknown) => ({ kind: 'basic', selectors: parseEventSelectors(raw) }) as const
    const writes = only([{ ReadWriteType: 'WriteOnly' }])
    assert.deepEqual([selectorsMatch(writes, write), selectorsMatch(writes, read)], [true, false])
    const reads = only([
      { ReadWriteType: 'ReadOnly', ExcludeManagementEventSources: ['kms.amazonaws.com'] },
    ])
    assert.deepEqual(
      [selectorsMatch(reads, write), selectorsMatch(reads, read), selectorsMatch(reads, kms)],
      [false, true, false],
    )
    const none = only([
      {
        IncludeManagementEvents: false,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
      },
    ])
    assert.equal(selectorsMatch(none, write), false)
  })

  it('basic: S3 data events only through DataResources (type, ARN prefix, ReadWriteType)', () => {
    const only = (raw: unknown) => ({ kind: 'basic', selectors: parseEventSelectors(raw) }) as const
    const data = (eventName: string, readOnly: boolean, bucket: string, key: string) =>
      record({
        eventSource: 's3.amazonaws.com',
        eventName,
        readOnly,
        eventCategory: 'Data',
        managementEvent: false,
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
          { type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}`, accountId: '111111111111' },
        ],
      })
    const del = data('DeleteObject', false, 'logs', 'AWSLogs/a.json.gz')
    const get = data('GetObject', true, 'logs', 'AWSLogs/a.json.gz')
    const other = data('DeleteObject', false, 'other', 'x')
    const defaults = { kind: 'basic', selectors: DEFAULT_EVENT_SELECTORS } as const
    assert.deepEqual([selectorsMatch(defaults, del), selectorsMatch(defaults, get)], [false, false])
    const all = only([{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }])
    assert.deepEqual(
      [selectorsMatch(all, del), selectorsMatch(all, get), selectorsMatch(all, other)],
      [true, true, true],
    )
    const logsWrites = only([
      {
        ReadWriteType: 'WriteOnly',
        IncludeManagementEvents: false,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::logs/AWSLogs/'] }],
      },
    ])
    assert.deepEqual(
      [
        selectorsMatch(logsWrites, del),
        selectorsMatch(logsWrites, get),
        selectorsMatch(logsWrites, other),
        selectorsMatch(logsWrites, write),
      ],
      [true, false, false, false],
    )
    const wrongType = only([
      { DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] },
    ])
    assert.equal(selectorsMatch(wrongType, del), false)
    const advanced = {
      kind: 'advanced',
      selectors: parseAdvancedEventSelectors([
        {
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ]),
    } as const
    assert.deepEqual(
      [
        selectorsMatch(advanced, del),
        selectorsMatch(advanced, get),
        selectorsMatch(advanced, write),
      ],
      [true, false, false],
    )
  })

  it('advanced: every field selector of one selector must match', () => {
    const s = {
      kind: 'advanced',
      selectors: parseAdvancedEventSelectors([
        {
          Name: 'writes but not KMS',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
            { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
          ],
        },
      ]),
    } as const
    assert.deepEqual(
      [selectorsMatch(s, write), selectorsMatch(s, read), selectorsMatch(s, kms)],
      [true, false, false],
    )
    const data = {
      kind: 'advanced',
      selectors: parseAdvancedEventSelectors([
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] },
      ]),
    } as const
    assert.equal(selectorsMatch(data, write), false)
  })

  it('refuses malformed selectors with InvalidEventSelectorsException', () => {
    for (const raw of [[], [{ ReadWriteType: 'Sometimes' }], new Array(6).fill({})]) {
      assert.throws(
        () => parseEventSelectors(raw),
        (e: unknown) => isDomainError(e) && e.code === 'InvalidEventSelectorsException',
      )
    }
    for (const raw of [
      [{ FieldSelectors: [{ Field: 'readOnly', Equals: ['true'] }] }],
      [{ FieldSelectors: [{ Field: 'colour', Equals: ['red'] }] }],
      [{ FieldSelectors: [{ Field: 'eventCategory', StartsWith: ['Man'] }] }],
    ]) {
      assert.throws(
        () => parseAdvancedEventSelectors(raw),
        (e: unknown) => isDomainError(e) && e.code === 'InvalidEventSelectorsException',
      )
    }
  })
})
