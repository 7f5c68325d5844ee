/**
 * Unused access's source over the audit trail (every call is recorded there, in each account
 * concerned) and IAM's access-key last use.
 */
import type { AuditStore, EventCursor } from '../../cloudtrail/audit-store.ts'
import { readAllPages } from '../../iam/iam-store-reads.ts'
import type { IamStore } from '../../iam/iam-store.ts'
import type { UnusedAccessSource, UsageAccessKey, UsageEvent } from './unused-access.ts'

const PAGE = 1000

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
      out.push(...page)
      const last = page.at(-1)
      if (page.length < PAGE || last === undefined) return out
      before = { eventTime: last.eventTime, nodeId: last.nodeId, seq: last.seq }
    }
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
