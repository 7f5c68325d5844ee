import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CloudTrailRecord } from './audit-record.ts'
import type { AuditStore } from './audit-store.ts'
import { AuditTrail } from './audit-trail.ts'
import {
  chainHash,
  DigestSigner,
  digestSignatureValid,
  GENESIS_HASH,
  type AuditDigest,
} from './hash-chain.ts'
import type { StoredEvent } from './stored-event.ts'

const signer = new DigestSigner(Buffer.alloc(32, 1))

/** An in-memory store that records each append (a stand-in: the SQL store has its own suite). */
function memoryStore(fail: () => boolean = () => false) {
  const appends: { events: StoredEvent[]; digest?: AuditDigest }[] = []
  const store: AuditStore = {
    async append(events, digest) {
      await new Promise((r) => setTimeout(r, 2))
      if (fail()) throw new Error('disk full')
      appends.push({ events: [...events], ...(digest === undefined ? {} : { digest }) })
    },
    query: async () => [],
    nodes: async () => [],
    chain: async () => [],
    digests: async () => [],
    chainEnd: async () => undefined,
    lastDigest: async () => undefined,
  }
  return { store, appends }
}

const record = (n: number): CloudTrailRecord =>
  ({
    eventVersion: '1.11',
    userIdentity: {
      type: 'Root',
      accountId: '111111111111',
      arn: 'arn:aws:iam::111111111111:root',
    },
    eventTime: '2026-12-07T17:35:10Z',
    eventSource: 'sts.amazonaws.com',
    eventName: `Op${n}`,
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    userAgent: 't',
    requestParameters: null,
    responseElements: null,
    requestID: `r${n}`,
    eventID: `e${n}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111111111111',
    eventCategory: 'Management',
  }) as CloudTrailRecord

describe('AuditTrail', () => {
  it('group-commits calls that arrive together, in order, chained from the genesis hash', async () => {
    const { store, appends } = memoryStore()
    const trail = new AuditTrail({ store, signer, nodeId: 'n-a', digestEvery: 1000 })
    await Promise.all([1, 2, 3, 4].map((n) => trail.record([record(n)], 1_765_128_910_789)))
    assert.equal(appends.length, 1, 'one transaction for four calls')
    const events = appends[0]!.events
    assert.deepEqual(
      events.map((e) => e.seq),
      [1, 2, 3, 4],
    )
    assert.equal(events[0]!.prevHash, GENESIS_HASH)
    for (const e of events) {
      assert.equal(e.hash, chainHash(e.prevHash, 'n-a', e.seq, e.record))
      assert.equal(e.eventTime, 1_765_128_910_000, 'kept to the second')
    }
    for (let i = 1; i < events.length; i++) assert.equal(events[i]!.prevHash, events[i - 1]!.hash)
    await trail.close()
  })

  it('commits what arrives during a commit in the next one', async () => {
    const { store, appends } = memoryStore()
    const trail = new AuditTrail({ store, signer, nodeId: 'n-b', digestEvery: 1000 })
    const first = trail.record([record(1)], 0)
    await new Promise((r) => setImmediate(r))
    const later = [trail.record([record(2)], 0), trail.record([record(3)], 0)]
    await Promise.all([first, ...later])
    assert.deepEqual(
      appends.map((a) => a.events.length),
      [1, 2],
    )
    await trail.close()
  })

  it('never holds a lone call, however long the commit delay', async () => {
    const { store, appends } = memoryStore()
    // Held for the delay, these calls would outlast the test runner's patience.
    const trail = new AuditTrail({ store, signer, nodeId: 'n-e', commitDelayMs: 600_000 })
    for (let n = 1; n <= 3; n++) await trail.record([record(n)], 0)
    assert.deepEqual(
      appends.map((a) => a.events.length),
      [1, 1, 1],
    )
    await trail.close()
  })

  it('after a group with company, waits for as many calls as were in flight', async () => {
    const staggered = async (commitDelayMs: number) => {
      const { store, appends } = memoryStore()
      const trail = new AuditTrail({
        store,
        signer,
        nodeId: 'n-f',
        commitDelayMs,
        digestEvery: 1000,
      })
      await Promise.all([1, 2, 3, 4].map((n) => trail.record([record(n)], 0)))
      // Four more calls, one a millisecond (each one's client took its answer and came back).
      const later: Promise<void>[] = []
      for (let n = 5; n <= 8; n++) {
        later.push(trail.record([record(n)], 0))
        await new Promise((r) => setTimeout(r, 1))
      }
      await Promise.all(later)
      await trail.close()
      // (The last append is close's digest alone.)
      return appends.map((a) => a.events.length).filter((n) => n > 0)
    }
    assert.deepEqual(await staggered(600_000), [4, 4], 'one group for the four siblings')
    const undelayed = await staggered(0)
    assert.ok(undelayed.length > 2, `without a delay they come apart: ${undelayed.join(',')}`)
  })

  it('waits for siblings no longer than the commit delay', async () => {
    const { store, appends } = memoryStore()
    const trail = new AuditTrail({
      store,
      signer,
      nodeId: 'n-g',
      commitDelayMs: 20,
      digestEvery: 1000,
    })
    await Promise.all([1, 2, 3, 4].map((n) => trail.record([record(n)], 0)))
    const started = performance.now()
    await trail.record([record(5)], 0)
    assert.ok(performance.now() - started >= 15, 'held for its siblings')
    assert.deepEqual(
      appends.map((a) => a.events.length),
      [4, 1],
    )
    await trail.close()
  })

  it('rejects a failed commit’s calls and does not advance the chain', async () => {
    let failNext = true
    const { store, appends } = memoryStore(() => {
      const f = failNext
      failNext = false
      return f
    })
    const trail = new AuditTrail({ store, signer, nodeId: 'n-c', digestEvery: 1000 })
    await assert.rejects(trail.record([record(1)], 0), /disk full/)
    await trail.record([record(2)], 0)
    assert.equal(appends[0]!.events[0]!.seq, 1)
    assert.equal(appends[0]!.events[0]!.prevHash, GENESIS_HASH)
    await trail.close()
  })

  it('seals every N events and on close with signed digests that chain', async () => {
    const { store, appends } = memoryStore()
    const trail = new AuditTrail({ store, signer, nodeId: 'n-d', digestEvery: 2 })
    for (let n = 1; n <= 5; n++) await trail.record([record(n)], 0)
    await trail.close()
    const digests = appends.flatMap((a) => (a.digest === undefined ? [] : [a.digest]))
    assert.deepEqual(
      digests.map((d) => [d.firstSeq, d.lastSeq]),
      [
        [1, 2],
        [3, 4],
        [5, 5],
      ],
    )
    assert.equal(digests[0]!.previousSignature, '')
    for (let i = 1; i < digests.length; i++) {
      assert.equal(digests[i]!.previousSignature, digests[i - 1]!.signature)
    }
    for (const d of digests) assert.ok(digestSignatureValid(d, signer.publicKey))
    const tampered = { ...digests[1]!, lastSeq: 9 }
    assert.equal(digestSignatureValid(tampered, signer.publicKey), false)
    await assert.rejects(trail.record([record(6)], 0), /closed/)
  })
})
