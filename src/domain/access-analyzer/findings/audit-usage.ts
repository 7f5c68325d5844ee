/**
 * Unused access's source over the audit trail (every call is recorded there, in each account
 * concerned) and IAM's access-key last use.
 */
import type { AuditStore, EventCursor } from '../../cloudtrail/audit-store.ts'
import type { StoredEvent } from '../../cloudtrail/stored-event.ts'
import { readAllPages } from '../../iam/iam-store-reads.ts'
import type { IamStore } from '../../iam/iam-store.ts'
import type { UnusedAccessSource, UsageAccessKey, UsageEvent } from './unused-access.ts'

const PAGE = 1000

/**
 * The event as unused access reads it. A failed console sign-in carries no errorCode (AWS records
 * `"responseElements": {"ConsoleLogin": "Failure"}` and an errorMessage): it counts as failed.
 */
function usageOf(e: StoredEvent): UsageEvent {
  if (e.eventName !== 'ConsoleLogin' || e.errorCode !== null) return e
  let outcome: unknown
  try {
    outcome = (JSON.parse(e.record) as { responseElements?: { ConsoleLogin?: unknown } })
      .responseElements?.ConsoleLogin
  } catch {
    outcome = undefined
  }
  return outcome === 'Success' ? e : { ...e, errorCode: 'Failure' }
}

/** Reads events from `audit` and access keys from `iam`. */
export class AuditUsage implements UnusedAccessSource {
  readonly #audit: AuditStore
  readonly #iam: IamStore

  constructor(audit: AuditStore, iam: IamStore) {
    this.#audit = audit
    this.#iam = iam
  }

  async events(accountId: string, since: number): Promise<readonly UsageEvent[]> {
    const out: UsageEvent[] = []
    let before: EventCursor | undefined
    for (;;) {
      const page = await this.#audit.query({
        accountId,
        startTime: since,
        limit: PAGE,
        ...(before === undefined ? {} : { before }),
      })
      out.push(...page.map(usageOf))
      const last = page.at(-1)
      if (page.length < PAGE || last === undefined) return out
      before = { eventTime: last.eventTime, nodeId: last.nodeId, seq: last.seq }
    }
  }

  async lastUse(
    accountId: string,
    kind: 'role' | 'sign-in',
    arn: string,
    before: number,
  ): Promise<number | undefined> {
    const events =
      kind === 'role'
        ? await this.#audit.query({
            accountId,
            attribute: { key: 'ResourceName', value: arn },
            endTime: before,
            limit: 100,
          })
        : await this.#audit.query({
            accountId,
            principalArn: arn,
            attribute: { key: 'EventName', value: 'ConsoleLogin' },
            endTime: before,
            limit: 100,
          })
    return events
      .map(usageOf)
      .find(
        (e) =>
          e.errorCode === null &&
          (kind === 'sign-in' ||
            e.eventName.startsWith('AssumeRole') ||
            e.eventName === 'GetRoleCredentials'),
      )?.eventTime
  }

  async accessKeys(accountId: string, userId: string): Promise<readonly UsageAccessKey[]> {
    const keys = await readAllPages((page) => this.#iam.listAccessKeys(accountId, userId, page))
    return keys.map((k) => ({
      accessKeyId: k.accessKeyId,
      status: k.status,
      lastUsedAt: k.lastUsedAt,
    }))
  }
}
