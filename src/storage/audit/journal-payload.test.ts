import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AuditDigest, StoredEvent } from '../../domain/cloudtrail/index.ts'
import { decodeJournalBatch, encodeJournalBatch } from './journal-payload.ts'

const event = (seq: number, record: object, over: Partial<StoredEvent> = {}): StoredEvent => ({
  nodeId: 'n-0123456789abcdef',
  seq,
  eventTime: 1_796_000_000_000 + seq * 1000,
  record: JSON.stringify(record),
  hash: 'a'.repeat(64),
  prevHash: 'b'.repeat(64),
  accountId: '111111111111',
  eventId: `0000000${seq}-0000-4000-8000-000000000000`,
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  readOnly: true,
  username: 'alice',
  accessKeyId: 'AKIAEXAMPLE',
  principalArn: 'arn:aws:iam::111111111111:user/alice',
  errorCode: null,
  resources: [{ type: 'AWS::IAM::Role', name: 'arn:aws:iam::111111111111:role/app' }],
  ...over,
})

const digest: AuditDigest = {
  nodeId: 'n-0123456789abcdef',
  digestSeq: 1,
  firstSeq: 1,
  lastSeq: 2,
  lastHash: 'c'.repeat(64),
  createdAt: 1_796_000_000_000,
  previousSignature: '',
  publicKeyFingerprint: 'd'.repeat(64),
  signature: 'c2lnbmF0dXJl',
}

describe('journal payload', () => {
  it('gives back the events and digest it was given, record texts unchanged', () => {
    const events = [
      // Line breaks, quotes and non-ASCII inside a record's strings stay escaped in its text.
      event(1, { errorMessage: 'line one\nline two "quoted" \u2028 ünïcode' }),
      event(
        2,
        { requestParameters: null },
        {
          username: null,
          accessKeyId: null,
          principalArn: null,
          errorCode: 'AccessDenied',
          readOnly: false,
          resources: [],
        },
      ),
    ]
    const text = encodeJournalBatch(events, digest)
    assert.equal(text.split('\n').length, 3, 'one line of fields, one per record')
    assert.deepEqual(decodeJournalBatch(text), { events, digest })
    assert.deepEqual(decodeJournalBatch(encodeJournalBatch(events)), { events })
    assert.deepEqual(decodeJournalBatch(encodeJournalBatch([], digest)), { events: [], digest })
  })

  it('reads the JSON object frames an older server wrote', () => {
    const events = [event(1, { eventName: 'GetCallerIdentity' })]
    assert.deepEqual(decodeJournalBatch(JSON.stringify({ events, digest })), { events, digest })
  })

  it('refuses a frame whose record lines do not match its fields', () => {
    const text = encodeJournalBatch([event(1, {}), event(2, {})])
    assert.throws(() => decodeJournalBatch(text.slice(0, text.lastIndexOf('\n'))), /unreadable/)
  })
})
