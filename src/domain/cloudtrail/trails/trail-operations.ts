/**
 * The trail lifecycle: CreateTrail, DescribeTrails, ListTrails, GetTrail, GetTrailStatus,
 * StartLogging, StopLogging, UpdateTrail, DeleteTrail (AWS CloudTrail API Reference). An
 * organization trail is created from the management account only and logs every account of the
 * organization; member accounts see it (by ARN, and in DescribeTrails as a shadow trail) and
 * cannot change it.
 */
import { StoreError } from '../../common/store-error.ts'
import { operation, type CallContext } from '../../common/operation.ts'
import { cloudTrailErrors } from '../errors.ts'
import { DEFAULT_EVENT_SELECTORS } from './event-selectors.ts'
import {
  assertOwner,
  findTrail,
  NOT_MANAGEMENT_ACCOUNT,
  optionalBoolean,
  organizationOf,
  existingTrailAuthorization,
  trailAuthorization,
  trailShape,
  trailWriteShape,
  validateBucketName,
  validatePrefix,
  type TrailDeps,
} from './trail-access.ts'
import { parseTrailReference, trailArn, validateTrailName } from './trail-names.ts'
import { parseTagsList, tagContext } from './trail-tags.ts'
import type { StoredTrail, TrailPatch } from './trail-store.ts'

/** Trails per account and Region (AWS's quota). */
export const MAX_TRAILS_PER_REGION = 5

type Raw = Readonly<Record<string, unknown>>
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms))

/** The organization id an organization trail of the caller gets; throws unless management. */
async function organizationForTrail(deps: TrailDeps, call: CallContext): Promise<string> {
  const org = await organizationOf(deps, call.caller.accountId)
  if (org === undefined || org.managementAccountId !== call.caller.accountId) {
    throw cloudTrailErrors.NotOrganizationMasterAccountException(NOT_MANAGEMENT_ACCOUNT)
  }
  return org.organizationId
}

function parseCreate(raw: Raw) {
  const name = raw['Name']
  if (typeof name !== 'string' || name === '') {
    throw cloudTrailErrors.InvalidTrailNameException('Trail name must be specified.')
  }
  validateTrailName(name)
  const multi = optionalBoolean(raw, 'IsMultiRegionTrail') ?? false
  const global = optionalBoolean(raw, 'IncludeGlobalServiceEvents') ?? true
  if (multi && !global) {
    throw cloudTrailErrors.InvalidParameterCombinationException(
      'Multi-Region trail must include global service events.',
    )
  }
  return {
    name,
    s3BucketName: validateBucketName(raw['S3BucketName']),
    s3KeyPrefix: validatePrefix(raw['S3KeyPrefix']),
    isMultiRegionTrail: multi,
    includeGlobalServiceEvents: global,
    isOrganizationTrail: optionalBoolean(raw, 'IsOrganizationTrail') ?? false,
    logFileValidationEnabled: optionalBoolean(raw, 'EnableLogFileValidation') ?? false,
    tags: parseTagsList(raw['TagsList']),
  }
}

function parseName(member: string) {
  return (raw: Raw) => ({ ref: raw[member] })
}

function statusShape(found: StoredTrail): Record<string, unknown> {
  const s = found.status
  const iso = (ms: number | undefined) =>
    ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 19) + 'Z'
  const out: Record<string, unknown> = {
    IsLogging: s.isLogging,
    LatestDeliveryError: s.latestDeliveryError,
    LatestDeliveryTime: seconds(s.latestDeliveryTime),
    StartLoggingTime: seconds(s.startLoggingTime),
    StopLoggingTime: seconds(s.stopLoggingTime),
    LatestDigestDeliveryTime: seconds(s.latestDigestDeliveryTime),
    LatestDeliveryAttemptTime: iso(s.latestDeliveryAttemptTime) ?? '',
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    LatestDeliveryAttemptSucceeded:
      s.latestDeliveryAttemptTime === undefined || s.latestDeliveryError !== undefined
        ? ''
        : (iso(s.latestDeliveryTime) ?? ''),
    TimeLoggingStarted: iso(s.startLoggingTime) ?? '',
    TimeLoggingStopped: iso(s.stopLoggingTime) ?? '',
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined))
}

/** The trail lifecycle operations, by name. */
export function trailOperations(deps: TrailDeps) {
  const now = deps.now ?? Date.now
  return {
    CreateTrail: operation({
      parse: parseCreate,
      authorization: (i, call) => ({
        ...trailAuthorization('CreateTrail', i.name, call),
        ...(i.tags.length === 0 ? {} : { context: tagContext(i.tags) }),
      }),
      async run(i, call) {
        const accountId = call.caller.accountId
        const region = call.request.region
        const organizationId = i.isOrganizationTrail
          ? await organizationForTrail(deps, call)
          : undefined
        if ((await deps.trails.countTrails(accountId, region)) >= MAX_TRAILS_PER_REGION) {
          throw cloudTrailErrors.MaximumNumberOfTrailsExceededException(
            `User: ${accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${region}.`,
          )
        }
        const trail = {
          arn: trailArn(region, accountId, i.name),
          accountId,
          name: i.name,
          homeRegion: region,
          s3BucketName: i.s3BucketName,
          s3KeyPrefix: i.s3KeyPrefix,
          includeGlobalServiceEvents: i.includeGlobalServiceEvents,
          isMultiRegionTrail: i.isMultiRegionTrail,
          organizationId,
          logFileValidationEnabled: i.logFileValidationEnabled,
          createdAt: now(),
        }
        try {
          await deps.trails.createTrail(
            trail,
            { kind: 'basic', selectors: DEFAULT_EVENT_SELECTORS },
            i.tags,
          )
        } catch (e) {
          if (e instanceof StoreError && e.kind === 'AlreadyExists') {
            throw cloudTrailErrors.TrailAlreadyExistsException(
              `Trail ${i.name} already exists for customer: ${accountId}`,
            )
          }
          throw e
        }
        return trailWriteShape(trail)
      },
    }),

    DescribeTrails: operation({
      parse(raw: Raw) {
        const list = raw['trailNameList']
        if (list !== undefined && list !== null && !Array.isArray(list)) {
          throw cloudTrailErrors.InvalidParameterException('trailNameList must be a list.')
        }
        return {
          names: (list ?? []) as unknown[],
          shadows: optionalBoolean(raw, 'includeShadowTrails') ?? true,
        }
      },
      authorization: () => ({ action: 'cloudtrail:DescribeTrails', resource: '*' }),
      async run(i, call) {
        const accountId = call.caller.accountId
        const region = call.request.region
        const org = await organizationOf(deps, accountId)
        const all = await deps.trails.listTrails(accountId, org?.organizationId)
        const wanted =
          i.names.length === 0
            ? undefined
            : i.names.map((n) => parseTrailReference(n, accountId, region, 'trailNameList'))
        const trails = all.filter((found) => {
          const t = found.trail
          const shadow = t.homeRegion !== region || t.accountId !== accountId
          if (t.homeRegion !== region && !t.isMultiRegionTrail) return false
          if (shadow && !i.shadows) return false
          if (wanted === undefined) return true
          return wanted.some((w) =>
            w.byArn ? w.arn === t.arn : t.accountId === accountId && w.name === t.name,
          )
        })
        return { trailList: trails.map(trailShape) }
      },
    }),

    ListTrails: operation({
      parse: (raw: Raw) => ({ nextToken: raw['NextToken'] }),
      authorization: () => ({ action: 'cloudtrail:ListTrails', resource: '*' }),
      async run(_i, call) {
        const accountId = call.caller.accountId
        const org = await organizationOf(deps, accountId)
        const all = await deps.trails.listTrails(accountId, org?.organizationId)
        return {
          Trails: all.map((f) => ({
            TrailARN: f.trail.arn,
            Name: f.trail.name,
            HomeRegion: f.trail.homeRegion,
          })),
        }
      },
    }),

    GetTrail: operation({
      parse: parseName('Name'),
      authorization: (i, call) => existingTrailAuthorization(deps, 'GetTrail', i.ref, call),
      async run(i, call) {
        return { Trail: trailShape(await findTrail(deps, call, i.ref)) }
      },
    }),

    GetTrailStatus: operation({
      parse: parseName('Name'),
      authorization: (i, call) => existingTrailAuthorization(deps, 'GetTrailStatus', i.ref, call),
      async run(i, call) {
        return statusShape(await findTrail(deps, call, i.ref))
      },
    }),

    StartLogging: operation({
      parse: parseName('Name'),
      authorization: (i, call) => existingTrailAuthorization(deps, 'StartLogging', i.ref, call),
      async run(i, call) {
        const found = await findTrail(deps, call, i.ref)
        assertOwner(found, call)
        if (!found.status.isLogging) await deps.trails.setLogging(found.trail.arn, true, now())
        return {}
      },
    }),

    StopLogging: operation({
      parse: parseName('Name'),
      authorization: (i, call) => existingTrailAuthorization(deps, 'StopLogging', i.ref, call),
      async run(i, call) {
        const found = await findTrail(deps, call, i.ref)
        assertOwner(found, call)
        if (found.status.isLogging) await deps.trails.setLogging(found.trail.arn, false, now())
        return {}
      },
    }),

    UpdateTrail: operation({
      parse(raw: Raw) {
        const patch: { -readonly [K in keyof TrailPatch]: TrailPatch[K] } = {}
        if (raw['S3BucketName'] !== undefined) {
          patch.s3BucketName = validateBucketName(raw['S3BucketName'])
        }
        if (raw['S3KeyPrefix'] !== undefined) patch.s3KeyPrefix = validatePrefix(raw['S3KeyPrefix'])
        const set = (
          key: string,
          field: 'includeGlobalServiceEvents' | 'isMultiRegionTrail' | 'logFileValidationEnabled',
        ) => {
          const v = optionalBoolean(raw, key)
          if (v !== undefined) patch[field] = v
        }
        set('IncludeGlobalServiceEvents', 'includeGlobalServiceEvents')
        set('IsMultiRegionTrail', 'isMultiRegionTrail')
        set('EnableLogFileValidation', 'logFileValidationEnabled')
        return {
          ref: raw['Name'],
          patch,
          organization: optionalBoolean(raw, 'IsOrganizationTrail'),
        }
      },
      authorization: (i, call) => existingTrailAuthorization(deps, 'UpdateTrail', i.ref, call),
      async run(i, call) {
        const found = await findTrail(deps, call, i.ref)
        assertOwner(found, call)
        const patch: { -readonly [K in keyof TrailPatch]: TrailPatch[K] } = { ...i.patch }
        if (i.organization === true && found.trail.organizationId === undefined) {
          patch.organizationId = await organizationForTrail(deps, call)
        }
        if (i.organization === false) patch.organizationId = undefined
        const merged = { ...found.trail, ...patch }
        if (merged.isMultiRegionTrail && !merged.includeGlobalServiceEvents) {
          throw cloudTrailErrors.InvalidParameterCombinationException(
            'Multi-Region trail must include global service events.',
          )
        }
        const updated = await deps.trails.updateTrail(found.trail.arn, patch)
        if (updated === undefined) {
          throw cloudTrailErrors.TrailNotFoundException(
            `Unknown trail: ${found.trail.arn} for the user: ${call.caller.accountId}`,
          )
        }
        return trailWriteShape(updated.trail)
      },
    }),

    DeleteTrail: operation({
      parse: parseName('Name'),
      authorization: (i, call) => existingTrailAuthorization(deps, 'DeleteTrail', i.ref, call),
      async run(i, call) {
        const found = await findTrail(deps, call, i.ref)
        assertOwner(found, call)
        await deps.trails.deleteTrail(found.trail.arn)
        return {}
      },
    }),
  }
}
