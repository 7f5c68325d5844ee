/**
 * `audit verify`: checks every node's hash chain and digests, and names each problem in the
 * wording of `aws cloudtrail validate-logs` where it fits ("INVALID: hash value doesn't match",
 * "INVALID: not found", "INVALID: signature verification failed"). Reads the store page by page;
 * works while a server appends.
 */
import type { KeyObject } from 'node:crypto'
import type { CloudTrailRecord } from './audit-record.ts'
import type { AuditStore } from './audit-store.ts'
import {
  chainHash,
  digestSignatureValid,
  GENESIS_HASH,
  publicKeyFingerprint,
  type AuditDigest,
} from './hash-chain.ts'
import { indexFieldsOf, type StoredEvent } from './stored-event.ts'

/** What verification found. */
export interface AuditVerification {
  readonly ok: boolean
  readonly chains: number
  readonly events: number
  readonly validEvents: number
  readonly digests: number
  readonly validDigests: number
  /** Events after their chain's last digest (not yet sealed: valid so far, not yet provable). */
  readonly unsealed: number
  /** One line per problem. */
  readonly problems: readonly string[]
}

const PAGE = 2_000

function sameIndex(e: StoredEvent): boolean {
  let record: CloudTrailRecord
  try {
    record = JSON.parse(e.record) as CloudTrailRecord
  } catch {
    return false
  }
  const f = indexFieldsOf(record)
  return (
    f.accountId === e.accountId &&
    f.eventId === e.eventId &&
    f.eventName === e.eventName &&
    f.eventSource === e.eventSource &&
    f.readOnly === e.readOnly &&
    f.username === e.username &&
    f.accessKeyId === e.accessKeyId &&
    f.principalArn === e.principalArn &&
    f.errorCode === e.errorCode &&
    e.eventTime === Date.parse(record.eventTime) &&
    JSON.stringify(f.resources) === JSON.stringify(e.resources)
  )
}

/**
 * Verifies every chain and digest of the store against the digest public key.
 * @example const report = await verifyAuditTrail(store, signer.publicKey)
 */
export async function verifyAuditTrail(
  store: AuditStore,
  publicKey: KeyObject,
): Promise<AuditVerification> {
  const fingerprint = publicKeyFingerprint(publicKey)
  const problems: string[] = []
  let events = 0
  let validEvents = 0
  let digestCount = 0
  let validDigests = 0
  let unsealed = 0
  const nodes = await store.nodes()
  for (const node of nodes) {
    const digests = await store.digests(node)
    digestCount += digests.length
    const digestAt = new Map<number, AuditDigest>()
    let previous: AuditDigest | undefined
    for (const d of digests) {
      const name = `Digest ${node}/${d.digestSeq}`
      const expected = (previous?.digestSeq ?? 0) + 1
      for (let missing = expected; missing < d.digestSeq; missing++) {
        problems.push(`Digest ${node}/${missing} INVALID: not found`)
      }
      let valid = true
      if (d.publicKeyFingerprint !== fingerprint || !digestSignatureValid(d, publicKey)) {
        problems.push(`${name} INVALID: signature verification failed`)
        valid = false
      } else if (d.previousSignature !== (previous?.signature ?? '')) {
        problems.push(`${name} INVALID: previous digest signature doesn't match`)
        valid = false
      } else if (d.firstSeq !== (previous?.lastSeq ?? 0) + 1 || d.lastSeq < d.firstSeq) {
        problems.push(`${name} INVALID: sealed range doesn't follow the previous digest`)
        valid = false
      }
      if (valid) validDigests++
      digestAt.set(d.lastSeq, d)
      previous = d
    }
    const sealedTo = previous?.lastSeq ?? 0

    let expectedSeq = 1
    let runningHash = GENESIS_HASH
    let gap = false
    for (let after = 0; ;) {
      const page = await store.chain(node, after, PAGE)
      if (page.length === 0) break
      for (const e of page) {
        const name = `Event ${node}/${e.seq} (${e.eventId})`
        for (; expectedSeq < e.seq; expectedSeq++) {
          problems.push(`Event ${node}/${expectedSeq} INVALID: not found`)
          gap = true
        }
        events++
        let valid = true
        if (chainHash(e.prevHash, node, e.seq, e.record) !== e.hash) {
          problems.push(`${name} INVALID: hash value doesn't match`)
          valid = false
        } else if (!gap && e.prevHash !== runningHash) {
          problems.push(
            `${name} INVALID: previous hash doesn't match (an event before it was changed, inserted or moved)`,
          )
          valid = false
        } else if (!sameIndex(e)) {
          problems.push(`${name} INVALID: indexed fields don't match the record`)
          valid = false
        }
        if (valid) validEvents++
        gap = false
        runningHash = e.hash
        expectedSeq = e.seq + 1
        const d = digestAt.get(e.seq)
        if (d !== undefined && d.lastHash !== e.hash) {
          problems.push(
            `Digest ${node}/${d.digestSeq} INVALID: hash value doesn't match the events it seals`,
          )
        }
        if (e.seq > sealedTo) unsealed++
      }
      after = page[page.length - 1]!.seq
    }
    for (; expectedSeq <= sealedTo; expectedSeq++) {
      problems.push(`Event ${node}/${expectedSeq} INVALID: not found`)
    }
  }
  return {
    ok: problems.length === 0,
    chains: nodes.length,
    events,
    validEvents,
    digests: digestCount,
    validDigests,
    unsealed,
    problems,
  }
}

/** The report as `audit verify` prints it. */
export function formatVerification(v: AuditVerification): string {
  const lines = [
    `Results requested for every event of ${v.chains} chain${v.chains === 1 ? '' : 's'}`,
    'Results found:',
    ...v.problems,
    `${v.validDigests}/${v.digests} digests valid`,
    `${v.validEvents}/${v.events} events valid${v.unsealed > 0 ? ` (${v.unsealed} not yet sealed by a digest)` : ''}`,
    v.ok
      ? 'OK: the audit trail is intact'
      : `INVALID: ${v.problems.length} problem${v.problems.length === 1 ? '' : 's'} found`,
  ]
  return lines.join('\n') + '\n'
}
