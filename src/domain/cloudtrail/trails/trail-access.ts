/**
 * What every trail operation shares: the deps, finding the trail a `Name` means as the caller
 * sees it (its account's own trails, and its organization's trails as shadow trails), the rule
 * that only the owning (management) account changes a trail, and the trail's wire shape.
 */
import type { AccountOrganization } from '../../authorization/policy-sources.ts'
import type { AuthorizationRequest, CallContext } from '../../common/operation.ts'
import { cloudTrailErrors } from '../errors.ts'
import { parseTrailReference } from './trail-names.ts'
import type { StoredTrail, TrailRecord, TrailStore } from './trail-store.ts'

/** What the trail operations are built from. */
export interface TrailDeps {
  readonly trails: TrailStore
  /** An account's organization (its id and management account), if it belongs to one. */
  readonly organizations: {
    accountOrganization(accountId: string): Promise<AccountOrganization | undefined>
  }
  readonly now?: () => number
}

/**
 * Resolves a name or ARN, as the caller sees trails in the request's region: its own trails (a
 * single-Region trail only in its home Region), and by ARN its organization's trails.
 */
export async function findTrail(
  deps: TrailDeps,
  call: CallContext,
  value: unknown,
  member = 'Name',
): Promise<StoredTrail> {
  const caller = call.caller.accountId
  const region = call.request.region
  const ref = parseTrailReference(value, caller, region, member)
  const notFound = () =>
    cloudTrailErrors.TrailNotFoundException(`Unknown trail: ${ref.arn} for the user: ${caller}`)
  let found: StoredTrail | undefined
  if (ref.byArn) {
    found = await deps.trails.getTrail(ref.arn)
    if (found !== undefined && found.trail.accountId !== caller) {
      const org = found.trail.organizationId
      if (org === undefined || (await organizationOf(deps, caller))?.organizationId !== org) {
        found = undefined
      }
    }
  } else {
    found = (await deps.trails.listTrails(caller, undefined)).find(
      (t) => t.trail.accountId === caller && t.trail.name === ref.name,
    )
  }
  if (found === undefined) throw notFound()
  const t = found.trail
  if (t.homeRegion !== region && !t.isMultiRegionTrail) throw notFound()
  return found
}

/** The caller's organization, if its account belongs to one. */
export const organizationOf = (deps: TrailDeps, accountId: string) =>
  deps.organizations.accountOrganization(accountId)

/** The message AWS gives an account that is not its organization's management account. */
export const NOT_MANAGEMENT_ACCOUNT =
  'You cannot configure or manage trails for an organization because this action requires being signed in with the management account.'

/**
 * Throws unless the caller may change the trail: its own account's, from its home Region. A
 * member account cannot change its organization's trail (NotOrganizationMasterAccountException).
 */
export function assertOwner(found: StoredTrail, call: CallContext): void {
  const t = found.trail
  if (t.accountId !== call.caller.accountId) {
    throw cloudTrailErrors.NotOrganizationMasterAccountException(NOT_MANAGEMENT_ACCOUNT)
  }
  if (t.homeRegion !== call.request.region) {
    throw cloudTrailErrors.InvalidHomeRegionException(
      `This operation must be called from the trail's home Region, ${t.homeRegion}.`,
    )
  }
}

/**
 * The authorization question for an action on the trail a member names: the trail's ARN (built
 * from a bare name in the caller's account and Region), decided in the caller's account, where an
 * organization trail is the account's shadow trail.
 */
export function trailAuthorization(
  action: string,
  value: unknown,
  call: CallContext,
): AuthorizationRequest {
  const caller = call.caller.accountId
  let resource: string
  try {
    resource = parseTrailReference(value, caller, call.request.region).arn
  } catch {
    resource = '*'
  }
  return { action: `cloudtrail:${action}`, resource, resourceAccount: caller }
}

/**
 * The authorization question for an action on an existing trail: as {@link trailAuthorization},
 * on the ARN of the trail the member names when the caller sees one (a multi-Region trail named
 * from another Region included), with its tags for `aws:ResourceTag/…`.
 */
export async function existingTrailAuthorization(
  deps: TrailDeps,
  action: string,
  value: unknown,
  call: CallContext,
): Promise<AuthorizationRequest> {
  const question = trailAuthorization(action, value, call)
  let found: StoredTrail
  try {
    found = await findTrail(deps, call, value)
  } catch {
    return question // the operation answers TrailNotFoundException (or a validation error)
  }
  const tags = await deps.trails.listTags(found.trail.arn)
  return {
    ...question,
    resource: found.trail.arn,
    ...(tags.length === 0
      ? {}
      : { resourceTags: Object.fromEntries(tags.map((t) => [t.key, t.value])) }),
  }
}

/** A trail as DescribeTrails and GetTrail return it. */
export function trailShape(found: StoredTrail): Record<string, unknown> {
  const t = found.trail
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix === '' ? {} : { S3KeyPrefix: t.s3KeyPrefix }),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    HomeRegion: t.homeRegion,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    HasCustomEventSelectors: hasCustomSelectors(found),
    HasInsightSelectors: false,
    IsOrganizationTrail: t.organizationId !== undefined,
  }
}

/** True unless the trail has the default selectors (every management event). */
function hasCustomSelectors(found: StoredTrail): boolean {
  const s = found.selectors
  if (s.kind === 'advanced') return true
  const [only, ...rest] = s.selectors
  return !(
    rest.length === 0 &&
    only !== undefined &&
    only.ReadWriteType === 'All' &&
    only.IncludeManagementEvents &&
    only.DataResources.length === 0 &&
    only.ExcludeManagementEventSources.length === 0
  )
}

/** A trail as CreateTrail and UpdateTrail return it. */
export function trailWriteShape(t: TrailRecord): Record<string, unknown> {
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix === '' ? {} : { S3KeyPrefix: t.s3KeyPrefix }),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    IsOrganizationTrail: t.organizationId !== undefined,
  }
}

/** Throws InvalidS3BucketNameException unless `name` is a valid S3 bucket name. */
export function validateBucketName(name: unknown): string {
  const bad = (m: string) => cloudTrailErrors.InvalidS3BucketNameException(m)
  if (typeof name !== 'string' || name === '') throw bad('S3 bucket name is required.')
  if (
    name.length < 3 ||
    name.length > 63 ||
    !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) ||
    name.includes('..') ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(name)
  ) {
    throw bad(`Bucket name is invalid: ${name}.`)
  }
  return name
}

/**
 * Throws InvalidS3PrefixException unless `prefix` is a valid key prefix (at most 200 characters;
 * no empty, `.` or `..` segment, no backslash: it also names folders on disk).
 */
export function validatePrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === null || prefix === '') return ''
  const bad = () =>
    cloudTrailErrors.InvalidS3PrefixException(`Invalid S3 key prefix: ${String(prefix)}.`)
  if (typeof prefix !== 'string' || prefix.length > 200) throw bad()
  const segments = prefix.replace(/\/+$/, '').split('/')
  const control = [...prefix].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\\')
  if (segments.some((s) => s === '' || s === '.' || s === '..') || control) {
    throw bad()
  }
  return segments.join('/')
}

/** Reads an optional boolean member. */
export function optionalBoolean(
  raw: Readonly<Record<string, unknown>>,
  key: string,
): boolean | undefined {
  const v = raw[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'boolean') {
    throw cloudTrailErrors.InvalidParameterException(`${key} must be a boolean.`)
  }
  return v
}
