/**
 * Resource checks: each ARN's partition, service, Region and account against the ARN formats of
 * the catalogue, redundant resources in one statement, and ARNs a resource type's policy cannot
 * name.
 */
import { checkVariables } from './check-conditions.ts'
import {
  coveredValues,
  globMatcherCased,
  hasWildcard,
  type CheckContext,
  type GlobMatcher,
} from './check-context.ts'
import type { PathValue } from './statement-view.ts'

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f']

/** The ARN service each resource type's policy governs. */
const RESOURCE_TYPE_ARN_SERVICES: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 's3',
  'AWS::S3::AccessPoint': 's3',
  'AWS::S3::MultiRegionAccessPoint': 's3',
  'AWS::S3ObjectLambda::AccessPoint': 's3-object-lambda',
  'AWS::DynamoDB::Table': 'dynamodb',
}

/** Runs the resource checks on every statement. */
export function checkResources(ctx: CheckContext): void {
  for (const statement of ctx.statements) {
    const resource = statement.resource
    if (resource === undefined) continue
    for (const v of resource.values) {
      checkVariables(v, ctx.out)
      checkArn(v, ctx)
    }
    checkRedundant(resource.values, ctx)
  }
}

/** True when a field holds a wildcard or a policy variable (which may stand for anything). */
const open = (field: string) => hasWildcard(field) || field.includes('${')

function checkArn(v: PathValue, ctx: CheckContext): void {
  if (v.value === '*' || !v.value.startsWith('arn:')) return
  const fields = v.value.split(':')
  if (fields.length < 6) return
  const [, partition = '', service = '', region = '', account = ''] = fields
  const { out } = ctx
  const resourceType = ctx.resourceType
  const governed = resourceType === undefined ? undefined : RESOURCE_TYPE_ARN_SERVICES[resourceType]
  if (resourceType !== undefined && governed !== undefined && !open(service)) {
    if (service.toLowerCase() !== governed)
      out.add('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', { resourceType }, [v.path])
  }
  if (open(service)) return
  if (!open(partition) && !PARTITIONS.includes(partition)) {
    out.add('INVALID_PARTITION', { service, partition, partitions: 'aws, aws-cn, aws-us-gov' }, [
      v.path,
    ])
  }
  if (service !== service.toLowerCase()) {
    out.add('INVALID_ARN_SERVICE_CASE', { service }, [v.path])
    return
  }
  const formats = ctx.catalog.arnFormats(service)
  if (formats === undefined) {
    out.add('INVALID_SERVICE', { service }, [v.path])
    return
  }
  const regionField = (f: string) => f.split(':')[3] ?? ''
  const accountField = (f: string) => f.split(':')[4] ?? ''
  if (region !== '' && !open(region) && formats.every((f) => regionField(f) === ''))
    out.add('ARN_REGION_NOT_ALLOWED', { service }, [v.path])
  else if (region !== '' && !open(region) && !REGION.test(region))
    out.add('INVALID_ARN_REGION', { region }, [v.path])
  if (region === '' && formats.every((f) => regionField(f) !== ''))
    out.add('MISSING_ARN_REGION', { service }, [v.path])
  checkResourcePart(v, formats, ctx)
  if (account !== '' && !open(account)) {
    if (formats.every((f) => accountField(f) === ''))
      out.add('ARN_ACCOUNT_NOT_ALLOWED', { service }, [v.path])
    else if (!/^\d{12}$/.test(account) && account !== 'aws')
      out.add('INVALID_ARN_ACCOUNT', { account }, [v.path])
  }
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?|-isob)?-[a-z]+-\d{1,2}$/

/** An ARN format's resource part as a pattern: each `${Placeholder}` stands for any text. */
function resourcePattern(format: string): GlobMatcher {
  const resource = format.split(':').slice(5).join(':')
  return globMatcherCased(resource.replace(/\$\{[^}]*\}/g, '*'))
}

/** A resource part without wildcards or variables that no ARN format of its service fits. */
function checkResourcePart(v: PathValue, formats: readonly string[], ctx: CheckContext): void {
  const resource = v.value.split(':').slice(5).join(':')
  if (open(resource) || formats.length === 0) return
  if (formats.some((f) => resourcePattern(f).test(resource))) return
  ctx.out.add('INVALID_ARN_RESOURCE', {}, [v.path])
}

function checkRedundant(values: readonly PathValue[], ctx: CheckContext): void {
  const redundant = coveredValues(
    values,
    (v) => {
      const head = v.split(':', 3).join(':')
      return hasWildcard(head) || v.split(':').length < 3 ? undefined : head
    },
    false,
  )
  if (redundant.length === 0) return
  ctx.out.add(
    'REDUNDANT_RESOURCE',
    { redundantResourceCount: redundant.length },
    redundant.map((v) => v.path),
  )
}
