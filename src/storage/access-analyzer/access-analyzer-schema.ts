// Kysely's view of Access Analyzer's tables, as migration 0011 creates them. Times are `bigint`
// epoch ms (strings from pg, hence `number | string`); flags 0/1; maps and lists as JSON text.

type Time = number | string

/** Row of `aa_analyzer`. */
export interface AaAnalyzerTable {
  arn: string
  account_id: string
  name: string
  region: string
  type: string
  organization_id: string | null
  unused_access_age: number | null
  tags: string
  created_at: Time
  last_resource_analyzed: string | null
  last_resource_analyzed_at: Time | null
}

/** Row of `aa_archive_rule`. */
export interface AaArchiveRuleTable {
  analyzer_arn: string
  rule_name: string
  filter: string
  created_at: Time
  updated_at: Time
}

/** Row of `aa_finding`. */
export interface AaFindingTable {
  analyzer_arn: string
  id: string
  finding_key: string
  resource: string
  resource_type: string
  resource_owner_account: string
  finding_type: string
  status: string
  created_at: Time
  analyzed_at: Time
  updated_at: Time
  details: string
}

/** Row of `aa_analyzed_resource`. */
export interface AaAnalyzedResourceTable {
  analyzer_arn: string
  resource_arn: string
  resource_type: string
  resource_owner_account: string
  created_at: Time
  analyzed_at: Time
  updated_at: Time
  is_public: number
  actions: string
  shared_via: string
  status: string | null
}

/** Access Analyzer's tables. */
export interface AccessAnalyzerSchema {
  aa_analyzer: AaAnalyzerTable
  aa_archive_rule: AaArchiveRuleTable
  aa_finding: AaFindingTable
  aa_analyzed_resource: AaAnalyzedResourceTable
}
