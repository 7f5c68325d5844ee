import type { Kysely, Selectable } from 'kysely'
import type {
  AnalyzerStore,
  AnalyzerType,
  FilterCriteria,
  FindingStatus,
  StoredAnalyzedResource,
  StoredAnalyzer,
  StoredArchiveRule,
  StoredFinding,
} from '../../domain/access-analyzer/analyzers/analyzer-store.ts'
import type { Schema } from '../schema.ts'
import { ambient, inTransaction, withStoreErrors, type UniqueConstraint } from '../sql/index.ts'
import type {
  AaAnalyzedResourceTable,
  AaAnalyzerTable,
  AaArchiveRuleTable,
  AaFindingTable,
  AccessAnalyzerSchema,
} from './access-analyzer-schema.ts'

type Db = Kysely<AccessAnalyzerSchema>

const UNIQUE: readonly UniqueConstraint[] = [
  ['aa_analyzer_pkey', 'aa_analyzer.arn', 'analyzer.name'],
  ['aa_analyzer_account_name_key', 'aa_analyzer.account_id, aa_analyzer.name', 'analyzer.name'],
  [
    'aa_archive_rule_pkey',
    'aa_archive_rule.analyzer_arn, aa_archive_rule.rule_name',
    'archiveRule.name',
  ],
]

const num = (v: number | string): number => Number(v)
const opt = (v: number | string | null): number | undefined => (v === null ? undefined : Number(v))

/**
 * Analyzers, archive rules, findings and analyzed resources over Kysely, in SQL that SQLite and
 * PostgreSQL both run unchanged.
 *
 * @example createAccessAnalyzerService({ catalog, analyzers: new SqlAnalyzerStore(db), … })
 */
export class SqlAnalyzerStore implements AnalyzerStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db` (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async createAnalyzer(a: StoredAnalyzer, rules: readonly StoredArchiveRule[]): Promise<void> {
    await withStoreErrors(UNIQUE, () =>
      inTransaction(this.#db, async (trx) => {
        await trx.insertInto('aa_analyzer').values(analyzerRow(a)).execute()
        if (rules.length > 0)
          await trx.insertInto('aa_archive_rule').values(rules.map(ruleRow)).execute()
      }),
    )
  }

  async getAnalyzer(accountId: string, name: string): Promise<StoredAnalyzer | undefined> {
    const row = await this.#db
      .selectFrom('aa_analyzer')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name', '=', name)
      .executeTakeFirst()
    return row === undefined ? undefined : toAnalyzer(row)
  }

  async getAnalyzerByArn(arn: string): Promise<StoredAnalyzer | undefined> {
    const row = await this.#db
      .selectFrom('aa_analyzer')
      .selectAll()
      .where('arn', '=', arn)
      .executeTakeFirst()
    return row === undefined ? undefined : toAnalyzer(row)
  }

  async listAnalyzers(accountId: string): Promise<StoredAnalyzer[]> {
    const rows = await this.#db
      .selectFrom('aa_analyzer')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .orderBy('name')
      .execute()
    return rows.map(toAnalyzer)
  }

  async allAnalyzers(): Promise<StoredAnalyzer[]> {
    const rows = await this.#db.selectFrom('aa_analyzer').selectAll().orderBy('arn').execute()
    return rows.map(toAnalyzer)
  }

  async updateAnalyzer(
    arn: string,
    patch: {
      readonly unusedAccessAge?: number
      readonly lastResourceAnalyzed?: string
      readonly lastResourceAnalyzedAt?: number
    },
  ): Promise<void> {
    const set: Partial<AaAnalyzerTable> = {}
    if (patch.unusedAccessAge !== undefined) set.unused_access_age = patch.unusedAccessAge
    if (patch.lastResourceAnalyzed !== undefined)
      set.last_resource_analyzed = patch.lastResourceAnalyzed
    if (patch.lastResourceAnalyzedAt !== undefined)
      set.last_resource_analyzed_at = patch.lastResourceAnalyzedAt
    if (Object.keys(set).length === 0) return
    await this.#db.updateTable('aa_analyzer').set(set).where('arn', '=', arn).execute()
  }

  async deleteAnalyzer(arn: string): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      for (const table of ['aa_analyzed_resource', 'aa_finding', 'aa_archive_rule'] as const)
        await trx.deleteFrom(table).where('analyzer_arn', '=', arn).execute()
      const r = await trx.deleteFrom('aa_analyzer').where('arn', '=', arn).executeTakeFirst()
      return Number(r.numDeletedRows) > 0
    })
  }

  async createArchiveRule(rule: StoredArchiveRule): Promise<void> {
    await withStoreErrors(UNIQUE, () =>
      this.#db.insertInto('aa_archive_rule').values(ruleRow(rule)).execute(),
    )
  }

  async updateArchiveRule(rule: StoredArchiveRule): Promise<boolean> {
    const r = await this.#db
      .updateTable('aa_archive_rule')
      .set({ filter: JSON.stringify(rule.filter), updated_at: rule.updatedAt })
      .where('analyzer_arn', '=', rule.analyzerArn)
      .where('rule_name', '=', rule.ruleName)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async getArchiveRule(
    analyzerArn: string,
    ruleName: string,
  ): Promise<StoredArchiveRule | undefined> {
    const row = await this.#db
      .selectFrom('aa_archive_rule')
      .selectAll()
      .where('analyzer_arn', '=', analyzerArn)
      .where('rule_name', '=', ruleName)
      .executeTakeFirst()
    return row === undefined ? undefined : toRule(row)
  }

  async listArchiveRules(analyzerArn: string): Promise<StoredArchiveRule[]> {
    const rows = await this.#db
      .selectFrom('aa_archive_rule')
      .selectAll()
      .where('analyzer_arn', '=', analyzerArn)
      .orderBy('rule_name')
      .execute()
    return rows.map(toRule)
  }

  async deleteArchiveRule(analyzerArn: string, ruleName: string): Promise<boolean> {
    const r = await this.#db
      .deleteFrom('aa_archive_rule')
      .where('analyzer_arn', '=', analyzerArn)
      .where('rule_name', '=', ruleName)
      .executeTakeFirst()
    return Number(r.numDeletedRows) > 0
  }

  async listFindings(analyzerArn: string): Promise<StoredFinding[]> {
    const rows = await this.#db
      .selectFrom('aa_finding')
      .selectAll()
      .where('analyzer_arn', '=', analyzerArn)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toFinding)
  }

  async getFinding(analyzerArn: string, id: string): Promise<StoredFinding | undefined> {
    const row = await this.#db
      .selectFrom('aa_finding')
      .selectAll()
      .where('analyzer_arn', '=', analyzerArn)
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : toFinding(row)
  }

  async putFindings(findings: readonly StoredFinding[]): Promise<void> {
    if (findings.length === 0) return
    await inTransaction(this.#db, async (trx) => {
      for (const f of findings) {
        await trx
          .deleteFrom('aa_finding')
          .where('analyzer_arn', '=', f.analyzerArn)
          .where('id', '=', f.id)
          .execute()
        await trx.insertInto('aa_finding').values(findingRow(f)).execute()
      }
    })
  }

  async listAnalyzedResources(analyzerArn: string): Promise<StoredAnalyzedResource[]> {
    const rows = await this.#db
      .selectFrom('aa_analyzed_resource')
      .selectAll()
      .where('analyzer_arn', '=', analyzerArn)
      .orderBy('resource_arn')
      .execute()
    return rows.map(toResource)
  }

  async putAnalyzedResources(
    analyzerArn: string,
    resources: readonly StoredAnalyzedResource[],
    removed: readonly string[],
  ): Promise<void> {
    if (resources.length === 0 && removed.length === 0) return
    await inTransaction(this.#db, async (trx) => {
      const gone = [...removed, ...resources.map((r) => r.resourceArn)]
      for (let i = 0; i < gone.length; i += 500)
        await trx
          .deleteFrom('aa_analyzed_resource')
          .where('analyzer_arn', '=', analyzerArn)
          .where('resource_arn', 'in', gone.slice(i, i + 500))
          .execute()
      for (let i = 0; i < resources.length; i += 200)
        await trx
          .insertInto('aa_analyzed_resource')
          .values(resources.slice(i, i + 200).map(resourceRow))
          .execute()
    })
  }
}

function analyzerRow(a: StoredAnalyzer): AaAnalyzerTable {
  return {
    arn: a.arn,
    account_id: a.accountId,
    name: a.name,
    region: a.region,
    type: a.type,
    organization_id: a.organizationId ?? null,
    unused_access_age: a.unusedAccessAge ?? null,
    tags: JSON.stringify(a.tags),
    created_at: a.createdAt,
    last_resource_analyzed: a.lastResourceAnalyzed ?? null,
    last_resource_analyzed_at: a.lastResourceAnalyzedAt ?? null,
  }
}

function toAnalyzer(r: Selectable<AaAnalyzerTable>): StoredAnalyzer {
  return {
    arn: r.arn,
    accountId: r.account_id,
    name: r.name,
    region: r.region,
    type: r.type as AnalyzerType,
    organizationId: r.organization_id ?? undefined,
    unusedAccessAge: r.unused_access_age === null ? undefined : Number(r.unused_access_age),
    tags: JSON.parse(r.tags) as Record<string, string>,
    createdAt: num(r.created_at),
    lastResourceAnalyzed: r.last_resource_analyzed ?? undefined,
    lastResourceAnalyzedAt: opt(r.last_resource_analyzed_at),
  }
}

const ruleRow = (rule: StoredArchiveRule): AaArchiveRuleTable => ({
  analyzer_arn: rule.analyzerArn,
  rule_name: rule.ruleName,
  filter: JSON.stringify(rule.filter),
  created_at: rule.createdAt,
  updated_at: rule.updatedAt,
})

const toRule = (r: Selectable<AaArchiveRuleTable>): StoredArchiveRule => ({
  analyzerArn: r.analyzer_arn,
  ruleName: r.rule_name,
  filter: JSON.parse(r.filter) as FilterCriteria,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
})

const findingRow = (f: StoredFinding): AaFindingTable => ({
  analyzer_arn: f.analyzerArn,
  id: f.id,
  finding_key: f.key,
  resource: f.resource,
  resource_type: f.resourceType,
  resource_owner_account: f.resourceOwnerAccount,
  finding_type: f.findingType,
  status: f.status,
  created_at: f.createdAt,
  analyzed_at: f.analyzedAt,
  updated_at: f.updatedAt,
  details: JSON.stringify(f.details),
})

const toFinding = (r: Selectable<AaFindingTable>): StoredFinding => ({
  id: r.id,
  analyzerArn: r.analyzer_arn,
  key: r.finding_key,
  resource: r.resource,
  resourceType: r.resource_type,
  resourceOwnerAccount: r.resource_owner_account,
  findingType: r.finding_type,
  status: r.status as FindingStatus,
  createdAt: num(r.created_at),
  analyzedAt: num(r.analyzed_at),
  updatedAt: num(r.updated_at),
  details: JSON.parse(r.details) as Record<string, unknown>,
})

const resourceRow = (r: StoredAnalyzedResource): AaAnalyzedResourceTable => ({
  analyzer_arn: r.analyzerArn,
  resource_arn: r.resourceArn,
  resource_type: r.resourceType,
  resource_owner_account: r.resourceOwnerAccount,
  created_at: r.createdAt,
  analyzed_at: r.analyzedAt,
  updated_at: r.updatedAt,
  is_public: r.isPublic ? 1 : 0,
  actions: JSON.stringify(r.actions),
  shared_via: JSON.stringify(r.sharedVia),
  status: r.status ?? null,
})

const toResource = (r: Selectable<AaAnalyzedResourceTable>): StoredAnalyzedResource => ({
  analyzerArn: r.analyzer_arn,
  resourceArn: r.resource_arn,
  resourceType: r.resource_type,
  resourceOwnerAccount: r.resource_owner_account,
  createdAt: num(r.created_at),
  analyzedAt: num(r.analyzed_at),
  updatedAt: num(r.updated_at),
  isPublic: Number(r.is_public) === 1,
  actions: JSON.parse(r.actions) as string[],
  sharedVia: JSON.parse(r.shared_via) as string[],
  status: (r.status ?? undefined) as FindingStatus | undefined,
})
