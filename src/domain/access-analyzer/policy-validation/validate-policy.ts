/**
 * ValidatePolicy: the findings IAM Access Analyzer gives for one policy document. The grammar is
 * the engine's (`parsePolicy`, mapped to AWS's issue codes); the catalogue checks (services,
 * actions, ARNs, condition keys) and the best-practice checks run on a position-keeping parse of
 * the submitted text, so that every finding points at the characters AWS points at.
 */
import { parsePolicy, type PolicyType } from '../../../policy/index.ts'
import { checkActions } from './check-actions.ts'
import { checkConditions } from './check-conditions.ts'
import type { CheckContext } from './check-context.ts'
import { checkPrincipals } from './check-principals.ts'
import { checkResources } from './check-resources.ts'
import { checkStatements } from './check-statements.ts'
import { checkTagKeys } from './check-tag-keys.ts'
import { reportEngineProblems } from './engine-problems.ts'
import { FindingCollector, type ValidatePolicyFinding } from './findings.ts'
import { parseJsonSource } from './json-source.ts'
import type { ServiceCatalog } from './service-catalog.ts'
import { statementsOf, type StatementView } from './statement-view.ts'

/** AWS's policy types for ValidatePolicy. */
export const VALIDATE_POLICY_TYPES = [
  'IDENTITY_POLICY',
  'RESOURCE_POLICY',
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
] as const
export type ValidatePolicyType = (typeof VALIDATE_POLICY_TYPES)[number]

/** AWS's resource types for a RESOURCE_POLICY. */
export const VALIDATE_POLICY_RESOURCE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3ObjectLambda::AccessPoint',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::DynamoDB::Table',
] as const
export type ValidatePolicyResourceType = (typeof VALIDATE_POLICY_RESOURCE_TYPES)[number]

/** What to validate. */
export interface ValidatePolicyInput {
  readonly policyDocument: string
  readonly policyType: ValidatePolicyType
  readonly validatePolicyResourceType?: ValidatePolicyResourceType | undefined
}

/**
 * Validates one policy document and returns its findings in document order.
 * @example
 * const findings = await validatePolicy(
 *   { policyDocument: '{"Statement":{"Effect":"Allow","Action":"s3:GetObjct","Resource":"*"}}',
 *     policyType: 'IDENTITY_POLICY' },
 *   new IamDataCatalog(),
 * )
 * // [MISSING_VERSION (WARNING), INVALID_ACTION (ERROR): "… Did you mean s3:GetObject?"]
 */
export async function validatePolicy(
  input: ValidatePolicyInput,
  catalog: ServiceCatalog,
): Promise<readonly ValidatePolicyFinding[]> {
  const text = input.policyDocument
  const parsed = parseJsonSource(text)
  if (!parsed.ok) {
    const out = new FindingCollector(text, undefined)
    const at = out.position(parsed.offset)
    out.addAt(
      'JSON_SYNTAX_ERROR',
      { index: at.offset, line: at.line, column: at.column },
      at.offset,
    )
    return out.sorted()
  }
  const root = parsed.root
  const statements = statementsOf(root)
  const engineType = engineTypeOf(input, statements)
  const out = new FindingCollector(text, root)
  const { problems } = parsePolicy(text, engineType)
  reportEngineProblems(problems, { root, text, engineType, awsType: input.policyType, out })
  await catalog.prepare(mentioned(statements))
  const ctx: CheckContext = {
    statements,
    catalog,
    engineType,
    awsType: input.policyType,
    resourceType: input.validatePolicyResourceType,
    out,
  }
  checkStatements(ctx)
  checkPrincipals(ctx)
  checkActions(ctx)
  checkResources(ctx)
  checkConditions(ctx)
  checkTagKeys(ctx)
  return out.sorted()
}

/**
 * The grammar to read the document with. A RESOURCE_POLICY without a resource type whose every
 * statement names only STS actions and no resource is a role trust policy, as AWS reads it.
 */
function engineTypeOf(
  input: ValidatePolicyInput,
  statements: readonly StatementView[],
): PolicyType {
  switch (input.policyType) {
    case 'IDENTITY_POLICY':
      return 'identity'
    case 'SERVICE_CONTROL_POLICY':
      return 'scp'
    case 'RESOURCE_CONTROL_POLICY':
      return 'rcp'
    case 'RESOURCE_POLICY':
      break
  }
  const resourceType = input.validatePolicyResourceType
  if (resourceType === 'AWS::IAM::AssumeRolePolicyDocument') return 'trust'
  if (resourceType !== undefined) return 'resource'
  const looksLikeTrust =
    statements.length > 0 &&
    statements.every(
      (s) =>
        s.resource === undefined &&
        s.action !== undefined &&
        s.action.values.length > 0 &&
        s.action.values.every((v) => v.value.toLowerCase().startsWith('sts:')),
    )
  return looksLikeTrust ? 'trust' : 'resource'
}

/** The services and condition keys a policy mentions, for the catalogue to load. */
function mentioned(statements: readonly StatementView[]): {
  services: Set<string>
  conditionKeys: Set<string>
} {
  const services = new Set<string>()
  const conditionKeys = new Set<string>()
  for (const s of statements) {
    for (const v of s.action?.values ?? []) {
      const colon = v.value.indexOf(':')
      if (colon > 0) services.add(v.value.slice(0, colon).toLowerCase())
    }
    for (const c of s.conditions) {
      conditionKeys.add(c.key)
      const colon = c.key.indexOf(':')
      if (colon > 0) services.add(c.key.slice(0, colon).toLowerCase())
    }
  }
  return { services, conditionKeys }
}
