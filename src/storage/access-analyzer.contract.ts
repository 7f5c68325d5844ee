// Access Analyzer's store contract: analyzers unique by name per account, archive rules, findings
// replaced by id with their times and JSON details, analyzed resources, and everything of an
// analyzer deleted with it. Run by storage.test.ts on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type {
  StoredAnalyzedResource,
  StoredAnalyzer,
  StoredFinding,
} from '../domain/access-analyzer/analyzers/analyzer-store.ts'
import { StoreError } from '../domain/common/store-error.ts'
import { SqlAnalyzerStore } from './access-analyzer/index.ts'
import type { Database } from './create-database.ts'
import { migrateToLatest } from './migrations/index.ts'
import { connect, type TestDatabaseFactory } from './test-database.fixture.ts'

const T = 1_772_366_400_000 // past 2^31 seconds: exercises bigint
const A = '111111111111'

const analyzer = (name: string, over: Partial<StoredAnalyzer> = {}): StoredAnalyzer => ({
  arn: `arn:aws:access-analyzer:us-east-1:${A}:analyzer/${name}`,
  name,
  accountId: A,
  region: 'us-east-1',
  type: 'ORGANIZATION',
  organizationId: 'o-abcdefghij',
  unusedAccessAge: undefined,
  tags: { team: 'security' },
  createdAt: T,
  lastResourceAnalyzed: undefined,
  lastResourceAnalyzedAt: undefined,
  ...over,
})

const finding = (analyzerArn: string, id: string, over: Partial<StoredFinding> = {}) =>
  ({
    id,
    analyzerArn,
    key: `k-${id}`,
    resource: `arn:aws:iam::${A}:role/r-${id}`,
    resourceType: 'AWS::IAM::Role',
    resourceOwnerAccount: A,
    findingType: 'ExternalAccess',
    status: 'ACTIVE',
    createdAt: T,
    analyzedAt: T + 1,
    updatedAt: T + 2,
    details: { principal: { AWS: '999988887777' }, condition: { 'sts:ExternalId': 'x' } },
    ...over,
  }) satisfies StoredFinding

/**
 * Registers the contract for one backend.
 * @example accessAnalyzerContract('sqlite', factory)
 */
export function accessAnalyzerContract(name: string, factory: TestDatabaseFactory): void {
  describe(`access analyzer store on ${name}`, () => {
    let drop: () => Promise<void>
    let db: Database
    let store: SqlAnalyzerStore

    before(async () => {
      const target = await factory()
      drop = () => target.drop()
      db = connect(target)
      await migrateToLatest(db.db, db.dialect)
      store = new SqlAnalyzerStore(db.db)
    })
    after(async () => {
      await db?.close()
      await drop?.()
    })

    it('creates analyzers with inline rules, unique by name in an account', async () => {
      const a = analyzer('org')
      await store.createAnalyzer(a, [
        {
          analyzerArn: a.arn,
          ruleName: 'r1',
          filter: { status: { eq: ['ACTIVE'] } },
          createdAt: T,
          updatedAt: T,
        },
      ])
      assert.deepEqual(await store.getAnalyzer(A, 'org'), a)
      assert.deepEqual(await store.getAnalyzerByArn(a.arn), a)
      await assert.rejects(
        store.createAnalyzer(analyzer('org', { arn: `${a.arn}-2` }), []),
        (e: unknown) =>
          e instanceof StoreError && e.kind === 'AlreadyExists' && e.subject === 'analyzer.name',
      )
      const u = analyzer('unused', { type: 'ACCOUNT_UNUSED_ACCESS', unusedAccessAge: 90, tags: {} })
      await store.createAnalyzer(u, [])
      assert.deepEqual(
        (await store.listAnalyzers(A)).map((x) => x.name),
        ['org', 'unused'],
      )
      assert.deepEqual(await store.listAnalyzers('222222222222'), [])
      await store.updateAnalyzer(u.arn, {
        unusedAccessAge: 30,
        lastResourceAnalyzed: 'x',
        lastResourceAnalyzedAt: T + 5,
      })
      const got = await store.getAnalyzerByArn(u.arn)
      assert.equal(got?.unusedAccessAge, 30)
      assert.equal(got?.lastResourceAnalyzedAt, T + 5)
      assert.equal((await store.allAnalyzers()).length, 2)
    })

    it('keeps archive rules: create, conflict, update, list, delete', async () => {
      const a = analyzer('org')
      assert.deepEqual((await store.getArchiveRule(a.arn, 'r1'))?.filter, {
        status: { eq: ['ACTIVE'] },
      })
      await assert.rejects(
        store.createArchiveRule({
          analyzerArn: a.arn,
          ruleName: 'r1',
          filter: {},
          createdAt: T,
          updatedAt: T,
        }),
        (e: unknown) => e instanceof StoreError && e.subject === 'archiveRule.name',
      )
      await store.createArchiveRule({
        analyzerArn: a.arn,
        ruleName: 'r0',
        filter: { 'principal.AWS': { eq: ['999988887777'] } },
        createdAt: T,
        updatedAt: T,
      })
      assert.equal(
        await store.updateArchiveRule({
          analyzerArn: a.arn,
          ruleName: 'r0',
          filter: { isPublic: { eq: ['true'] } },
          createdAt: T,
          updatedAt: T + 9,
        }),
        true,
      )
      const rules = await store.listArchiveRules(a.arn)
      assert.deepEqual(
        rules.map((r) => [r.ruleName, r.updatedAt]),
        [
          ['r0', T + 9],
          ['r1', T],
        ],
      )
      assert.deepEqual(rules[0]?.filter, { isPublic: { eq: ['true'] } })
      assert.equal(await store.deleteArchiveRule(a.arn, 'r0'), true)
      assert.equal(await store.deleteArchiveRule(a.arn, 'r0'), false)
      assert.equal(
        await store.updateArchiveRule({
          analyzerArn: a.arn,
          ruleName: 'nope',
          filter: {},
          createdAt: T,
          updatedAt: T,
        }),
        false,
      )
    })

    it('keeps findings by id, replaced whole, with their times and details', async () => {
      const a = analyzer('org')
      await store.putFindings([finding(a.arn, 'f1'), finding(a.arn, 'f2', { createdAt: T + 10 })])
      assert.deepEqual(await store.getFinding(a.arn, 'f1'), finding(a.arn, 'f1'))
      await store.putFindings([
        finding(a.arn, 'f1', {
          status: 'ARCHIVED',
          updatedAt: T + 20,
          details: { isPublic: true },
        }),
      ])
      const f1 = await store.getFinding(a.arn, 'f1')
      assert.equal(f1?.status, 'ARCHIVED')
      assert.equal(f1?.updatedAt, T + 20)
      assert.deepEqual(f1?.details, { isPublic: true })
      assert.deepEqual(
        (await store.listFindings(a.arn)).map((f) => f.id),
        ['f1', 'f2'],
      )
      assert.equal(await store.getFinding(analyzer('unused').arn, 'f1'), undefined)
    })

    it('keeps analyzed resources, replacing and removing them', async () => {
      const a = analyzer('org')
      const r = (
        arn: string,
        over: Partial<StoredAnalyzedResource> = {},
      ): StoredAnalyzedResource => ({
        analyzerArn: a.arn,
        resourceArn: arn,
        resourceType: 'AWS::IAM::Role',
        resourceOwnerAccount: A,
        createdAt: T,
        analyzedAt: T,
        updatedAt: T,
        isPublic: false,
        actions: [],
        sharedVia: [],
        status: undefined,
        ...over,
      })
      await store.putAnalyzedResources(a.arn, [r('arn:1'), r('arn:2')], [])
      await store.putAnalyzedResources(
        a.arn,
        [r('arn:2', { isPublic: true, actions: ['sts:AssumeRole'], status: 'ACTIVE' })],
        ['arn:1'],
      )
      const all = await store.listAnalyzedResources(a.arn)
      assert.deepEqual(all, [
        r('arn:2', { isPublic: true, actions: ['sts:AssumeRole'], status: 'ACTIVE' }),
      ])
    })

    it('deletes an analyzer with its rules, findings and resources', async () => {
      const a = analyzer('org')
      assert.equal(await store.deleteAnalyzer(a.arn), true)
      assert.equal(await store.deleteAnalyzer(a.arn), false)
      assert.equal(await store.getAnalyzer(A, 'org'), undefined)
      assert.deepEqual(await store.listArchiveRules(a.arn), [])
      assert.deepEqual(await store.listFindings(a.arn), [])
      assert.deepEqual(await store.listAnalyzedResources(a.arn), [])
      // The name is free again.
      await store.createAnalyzer(a, [])
      assert.equal((await store.getAnalyzer(A, 'org'))?.arn, a.arn)
    })
  })
}
