import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import type { OrganizationSnapshot, SnapshotUser } from '../../../analysis/index.ts'
import type { AuditStore, EventQuery } from '../../cloudtrail/audit-store.ts'
import type { StoredEvent } from '../../cloudtrail/stored-event.ts'
import type { IamStore } from '../../iam/iam-store.ts'
import { parseOrganizationFile } from '../../org-file/index.ts'
import { snapshotFromOrganizationFile } from '../../snapshots/index.ts'
import type { StoredAnalyzer } from '../analyzers/analyzer-store.ts'
import { AuditUsage } from './audit-usage.ts'
import { analyzeUnusedAccess, type UnusedAccessSource, type UsageEvent } from './unused-access.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-12-07T12:00:00Z')

function secureCart(): OrganizationSnapshot {
  const file = resolve(import.meta.dirname, '../../../../examples/securecart/org.yaml')
  const parsed = parseOrganizationFile(readFileSync(file, 'utf8'), 'org.yaml')
  assert.ok(parsed.ok)
  return snapshotFromOrganizationFile(parsed.file)
}

describe('unused access', () => {
  const base = secureCart()
  const prod = base.accounts.find((a) => a.name === 'Prod')!
  const user: SnapshotUser = {
    name: 'ops',
    arn: `arn:aws:iam::${prod.id}:user/ops`,
    id: 'AIDAOPS',
    path: '/',
    inlinePolicies: [],
    attachedPolicies: [],
    groups: [],
    permissionsBoundary: undefined,
    tags: {},
    consolePassword: true,
  }
  const snapshot: OrganizationSnapshot = {
    ...base,
    accounts: base.accounts.map((a) =>
      a.id === prod.id ? { ...a, iam: { ...a.iam, users: [...a.iam.users, user] } } : a,
    ),
  }
  const analyzer: StoredAnalyzer = {
    arn: 'arn:aws:access-analyzer:us-east-1:111111111111:analyzer/unused',
    name: 'unused',
    accountId: prod.id,
    region: 'us-east-1',
    type: 'ACCOUNT_UNUSED_ACCESS',
    organizationId: undefined,
    unusedAccessAge: 30,
    tags: {},
    createdAt: 0,
    lastResourceAnalyzed: undefined,
    lastResourceAnalyzedAt: undefined,
  }
  const auditor = `arn:aws:iam::${prod.id}:role/ThirdPartyAuditor`
  const access = `arn:aws:iam::${prod.id}:role/OrganizationAccountAccessRole`

  it('roles, passwords and keys unused in the window, with the last use before it', async () => {
    const used: UsageEvent = {
      eventTime: NOW - DAY,
      eventName: 'GetRole',
      eventSource: 'iam.amazonaws.com',
      principalArn: `arn:aws:sts::${prod.id}:assumed-role/OrganizationAccountAccessRole/s`,
      errorCode: null,
      resources: [],
    }
    const source: UnusedAccessSource = {
      events: async (accountId, since) => {
        assert.equal(since, NOW - 30 * DAY)
        return accountId === prod.id ? [used] : []
      },
      accessKeys: async (_, userId) =>
        userId === 'AIDAOPS'
          ? [
              { accessKeyId: 'AKIAOLD', status: 'Active', lastUsedAt: NOW - 40 * DAY },
              { accessKeyId: 'AKIANEW', status: 'Active', lastUsedAt: NOW - DAY },
              { accessKeyId: 'AKIAOFF', status: 'Inactive', lastUsedAt: null },
            ]
          : [],
      lastUse: async (_, kind, arn) =>
        kind === 'role' && arn === auditor ? NOW - 45 * DAY : undefined,
    }
    const { findings } = await analyzeUnusedAccess(snapshot, analyzer, NOW, source)
    const of = (type: string, resource: string) =>
      findings.filter((f) => f.findingType === type && f.resource === resource)
    assert.deepEqual(of('UnusedIAMRole', auditor)[0]?.details, { lastAccessed: NOW - 45 * DAY })
    assert.equal(of('UnusedIAMRole', access).length, 0)
    assert.deepEqual(of('UnusedIAMUserPassword', user.arn)[0]?.details, {})
    assert.deepEqual(
      of('UnusedIAMUserAccessKey', user.arn).map((f) => f.details),
      [{ accessKeyId: 'AKIAOLD', lastAccessed: NOW - 40 * DAY }],
    )
    const permission = of('UnusedPermission', access)[0]
    const services = permission?.details.services as {
      serviceNamespace: string
      actions?: { action: string }[]
    }[]
    assert.ok(services.some((s) => s.serviceNamespace === 's3' && s.actions === undefined))
    const iam = services.find((s) => s.serviceNamespace === 'iam')
    assert.ok(iam?.actions?.some((a) => a.action === 'iam:DeleteRole'))
    assert.ok(!iam?.actions?.some((a) => a.action === 'iam:GetRole'))
    // No other account is covered by an ACCOUNT analyzer.
    assert.ok(findings.every((f) => f.resourceOwnerAccount === prod.id))
  })

  it('a failed console sign-in is no use of the password (the audit trail records no errorCode)', async () => {
    const signIn = (outcome: string, eventTime: number): StoredEvent =>
      ({
        accountId: prod.id,
        eventId: `e-${outcome}-${eventTime}`,
        eventName: 'ConsoleLogin',
        eventSource: 'signin.amazonaws.com',
        readOnly: false,
        username: 'ops',
        accessKeyId: null,
        principalArn: user.arn,
        errorCode: null,
        resources: [],
        nodeId: 'n',
        seq: eventTime,
        eventTime,
        record: JSON.stringify({ responseElements: { ConsoleLogin: outcome } }),
        hash: '',
        prevHash: '',
      }) as unknown as StoredEvent
    const stored = [signIn('Failure', NOW - DAY), signIn('Success', NOW - 50 * DAY)]
    const audit = {
      query: async (q: EventQuery) =>
        stored.filter(
          (e) =>
            (q.startTime === undefined || e.eventTime >= q.startTime) &&
            (q.endTime === undefined || e.eventTime <= q.endTime),
        ),
    } as unknown as AuditStore
    const iam = {
      listAccessKeys: async () => ({ items: [] }),
    } as unknown as IamStore
    const usage = new AuditUsage(audit, iam)
    const { findings } = await analyzeUnusedAccess(snapshot, analyzer, NOW, usage)
    const password = findings.find(
      (f) => f.findingType === 'UnusedIAMUserPassword' && f.resource === user.arn,
    )
    assert.deepEqual(password?.details, { lastAccessed: NOW - 50 * DAY })
  })
})
