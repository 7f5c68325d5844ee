import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import type { OrganizationSnapshot } from '../../../analysis/index.ts'
import { parseOrganizationFile } from '../../org-file/index.ts'
import { snapshotFromOrganizationFile } from '../../snapshots/index.ts'
import type {
  AnalyzerStore,
  StoredAnalyzedResource,
  StoredAnalyzer,
  StoredArchiveRule,
  StoredFinding,
} from '../analyzers/analyzer-store.ts'
import { AnalyzerFindings } from './analyzer-findings.ts'

/** The store in memory: what the reconciliation reads and writes. */
function memoryStore(rules: StoredArchiveRule[]): AnalyzerStore & { findings: StoredFinding[] } {
  const findings = new Map<string, StoredFinding>()
  let resources: StoredAnalyzedResource[] = []
  const store = {
    get findings() {
      return [...findings.values()]
    },
    createAnalyzer: async () => {},
    getAnalyzer: async () => undefined,
    getAnalyzerByArn: async () => undefined,
    listAnalyzers: async () => [],
    allAnalyzers: async () => [],
    updateAnalyzer: async () => {},
    deleteAnalyzer: async () => true,
    createArchiveRule: async () => {},
    updateArchiveRule: async () => true,
    getArchiveRule: async () => undefined,
    listArchiveRules: async () => rules,
    deleteArchiveRule: async () => true,
    listFindings: async () => [...findings.values()],
    getFinding: async (_: string, id: string) => findings.get(id),
    putFindings: async (list: readonly StoredFinding[]) => {
      for (const f of list) findings.set(f.id, f)
    },
    listAnalyzedResources: async () => resources,
    putAnalyzedResources: async (
      _: string,
      put: readonly StoredAnalyzedResource[],
      removed: readonly string[],
    ) => {
      const gone = new Set([...removed, ...put.map((r) => r.resourceArn)])
      resources = [...resources.filter((r) => !gone.has(r.resourceArn)), ...put]
    },
  }
  return store
}

/**
 * SecureCart without its CI/CD pipeline's PipelineDeploy roles (external access by design, through
 * the OIDC provider), so the auditor's role is the one finding these tests follow.
 */
function secureCart(): OrganizationSnapshot {
  const file = resolve(import.meta.dirname, '../../../../examples/securecart/org.yaml')
  const parsed = parseOrganizationFile(readFileSync(file, 'utf8'), 'org.yaml')
  assert.ok(parsed.ok)
  const s = snapshotFromOrganizationFile(parsed.file)
  const pipeline = s.accounts.flatMap((a) => a.iam.roles).filter((r) => r.name === 'PipelineDeploy')
  assert.ok(pipeline.length > 0, 'SecureCart declares its pipeline roles')
  return {
    ...s,
    accounts: s.accounts.map((a) => ({
      ...a,
      iam: { ...a.iam, roles: a.iam.roles.filter((r) => r.name !== 'PipelineDeploy') },
    })),
  }
}

function withAuditorTrust(s: OrganizationSnapshot, trust: object): OrganizationSnapshot {
  return {
    ...s,
    accounts: s.accounts.map((a) => ({
      ...a,
      iam: {
        ...a.iam,
        roles: a.iam.roles.map((r) =>
          r.name === 'ThirdPartyAuditor' ? { ...r, trustPolicy: JSON.stringify(trust) } : r,
        ),
      },
    })),
  }
}

describe('keeping findings in step', () => {
  const base = secureCart()
  const analyzer: StoredAnalyzer = {
    arn: 'arn:aws:access-analyzer:us-east-1:111111111111:analyzer/org',
    name: 'org',
    accountId: base.organization!.managementAccountId,
    region: 'us-east-1',
    type: 'ORGANIZATION',
    organizationId: base.organization!.id,
    unusedAccessAge: undefined,
    tags: {},
    createdAt: 0,
    lastResourceAnalyzed: undefined,
    lastResourceAnalyzedAt: undefined,
  }
  const publicRule: StoredArchiveRule = {
    analyzerArn: analyzer.arn,
    ruleName: 'public',
    filter: { isPublic: { eq: ['true'] } },
    createdAt: 0,
    updatedAt: 0,
  }

  it('opens, archives new findings a rule matches, updates, resolves; skips while nothing moved', async () => {
    const store = memoryStore([publicRule])
    let snapshot = base
    const generation = { current: 1 }
    let ids = 0
    const findings = new AnalyzerFindings({
      store,
      snapshot: async () => snapshot,
      generation,
      newId: () => `f${++ids}`,
    })
    await findings.refresh(analyzer, 1000)
    assert.deepEqual(
      store.findings.map((f) => [f.id, f.status, f.details.condition]),
      [['f1', 'ACTIVE', { 'sts:ExternalId': 'SecureCart-Audit-2024' }]],
    )

    // The generation did not move: no analysis, even though the snapshot changed.
    snapshot = withAuditorTrust(base, {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: 'sts:AssumeRole' },
      ],
    })
    await findings.refresh(analyzer, 2000)
    assert.equal(store.findings[0]?.updatedAt, 1000)

    generation.current = 2
    await findings.refresh(analyzer, 3000)
    assert.deepEqual(
      store.findings.map((f) => [f.id, f.status, f.details.condition, f.createdAt, f.updatedAt]),
      [['f1', 'ACTIVE', {}, 1000, 3000]],
    )

    // Public now: the old finding resolves, the new one is archived at once by the rule.
    snapshot = withAuditorTrust(base, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }],
    })
    generation.current = 3
    await findings.refresh(analyzer, 4000)
    assert.deepEqual(
      store.findings.map((f) => [f.id, f.status, f.details.isPublic]),
      [
        ['f1', 'RESOLVED', false],
        ['f2', 'ARCHIVED', true],
      ],
    )
    const resources = await store.listAnalyzedResources(analyzer.arn)
    const auditor = resources.find((r) => r.resourceArn.endsWith(':role/ThirdPartyAuditor'))
    assert.equal(auditor?.status, 'ARCHIVED')
    assert.equal(auditor?.isPublic, true)
  })

  it('keeps one finding per access when two nodes opened one each: the oldest stays', async () => {
    const store = memoryStore([])
    const findings = new AnalyzerFindings({ store, snapshot: async () => base, newId: () => 'x' })
    await findings.refresh(analyzer, 1000)
    const [first] = store.findings
    assert.ok(first)
    await store.putFindings([{ ...first, id: 'twin', createdAt: 1001 }])
    await findings.refresh(analyzer, 2000, true)
    assert.deepEqual(
      store.findings.map((f) => [f.id, f.status]),
      [
        ['x', 'ACTIVE'],
        ['twin', 'RESOLVED'],
      ],
    )
  })
})
