/**
 * A trail's settings: PutEventSelectors, GetEventSelectors, AddTags, RemoveTags, ListTags (AWS
 * CloudTrail API Reference). Only the owning account changes them; member accounts read their
 * organization trail's.
 */
import { operation, type CallContext } from '../../common/operation.ts'
import { cloudTrailErrors } from '../errors.ts'
import { parseAdvancedEventSelectors, parseEventSelectors } from './event-selectors.ts'
import {
  assertOwner,
  existingTrailAuthorization,
  findTrail,
  type TrailDeps,
} from './trail-access.ts'
import { MAX_TAGS, parseTagsList, tagContext, tagsShape } from './trail-tags.ts'
import type { StoredTrail, TrailSelectors } from './trail-store.ts'

type Raw = Readonly<Record<string, unknown>>

/**
 * Event selectors are read and written in a trail's home Region only: elsewhere AWS answers
 * TrailNotFoundException, naming the trail in the Region asked.
 */
function inHomeRegion(found: StoredTrail, call: CallContext): StoredTrail {
  const region = call.request.region
  if (found.trail.homeRegion === region) return found
  const arn = `arn:aws:cloudtrail:${region}:${call.caller.accountId}:trail/${found.trail.name}`
  throw cloudTrailErrors.TrailNotFoundException(
    `Unknown trail: ${arn} for the user: ${call.caller.accountId}`,
  )
}

function selectorsShape(found: StoredTrail): Record<string, unknown> {
  const s = found.selectors
  return {
    TrailARN: found.trail.arn,
    ...(s.kind === 'basic'
      ? { EventSelectors: s.selectors }
      : { AdvancedEventSelectors: s.selectors }),
  }
}

/** The settings operations, by name. */
export function trailSettingsOperations(deps: TrailDeps) {
  return {
    PutEventSelectors: operation({
      parse(raw: Raw) {
        const basic = raw['EventSelectors']
        const advanced = raw['AdvancedEventSelectors']
        const has = (v: unknown) => v !== undefined && v !== null
        if (has(basic) === has(advanced)) {
          throw cloudTrailErrors.InvalidParameterCombinationException(
            'You must specify either EventSelectors or AdvancedEventSelectors, but not both.',
          )
        }
        const selectors: TrailSelectors = has(basic)
          ? { kind: 'basic', selectors: parseEventSelectors(basic) }
          : { kind: 'advanced', selectors: parseAdvancedEventSelectors(advanced) }
        return { ref: raw['TrailName'], selectors }
      },
      authorization: (i, call) =>
        existingTrailAuthorization(deps, 'PutEventSelectors', i.ref, call),
      async run(i, call) {
        const found = await findTrail(deps, call, i.ref, 'TrailName')
        assertOwner(found, call)
        await deps.trails.putSelectors(found.trail.arn, i.selectors)
        return selectorsShape({ ...found, selectors: i.selectors })
      },
    }),

    GetEventSelectors: operation({
      parse: (raw: Raw) => ({ ref: raw['TrailName'] }),
      authorization: (i, call) =>
        existingTrailAuthorization(deps, 'GetEventSelectors', i.ref, call),
      async run(i, call) {
        return selectorsShape(inHomeRegion(await findTrail(deps, call, i.ref, 'TrailName'), call))
      },
    }),

    AddTags: operation({
      parse: (raw: Raw) => ({ ref: raw['ResourceId'], tags: parseTagsList(raw['TagsList']) }),
      authorization: async (i, call) => ({
        ...(await existingTrailAuthorization(deps, 'AddTags', i.ref, call)),
        context: tagContext(i.tags),
      }),
      async run(i, call) {
        const found = await findTrail(deps, call, i.ref, 'ResourceId')
        assertOwner(found, call)
        const current = await deps.trails.listTags(found.trail.arn)
        const keys = new Set([...current.map((t) => t.key), ...i.tags.map((t) => t.key)])
        if (keys.size > MAX_TAGS) {
          throw cloudTrailErrors.TagsLimitExceededException(
            `The number of tags exceeds the limit of ${MAX_TAGS} tags per resource.`,
          )
        }
        await deps.trails.addTags(found.trail.arn, i.tags)
        return {}
      },
    }),

    RemoveTags: operation({
      parse: (raw: Raw) => ({ ref: raw['ResourceId'], tags: parseTagsList(raw['TagsList']) }),
      authorization: async (i, call) => ({
        ...(await existingTrailAuthorization(deps, 'RemoveTags', i.ref, call)),
        context: { 'aws:TagKeys': i.tags.map((t) => t.key) },
      }),
      async run(i, call) {
        const found = await findTrail(deps, call, i.ref, 'ResourceId')
        assertOwner(found, call)
        await deps.trails.removeTags(
          found.trail.arn,
          i.tags.map((t) => t.key),
        )
        return {}
      },
    }),

    ListTags: operation({
      parse(raw: Raw) {
        const list = raw['ResourceIdList']
        if (!Array.isArray(list) || list.length === 0) {
          throw cloudTrailErrors.InvalidParameterException('ResourceIdList must not be empty.')
        }
        if (list.length > 20) {
          throw cloudTrailErrors.InvalidParameterException(
            'ResourceIdList must not have more than 20 resources.',
          )
        }
        return { refs: list as unknown[] }
      },
      authorization: (i, call) => existingTrailAuthorization(deps, 'ListTags', i.refs[0], call),
      async run(i, call) {
        const out = []
        for (const [index, ref] of i.refs.entries()) {
          if (index > 0) {
            await call.authorize(await existingTrailAuthorization(deps, 'ListTags', ref, call))
          }
          const found = await findTrail(deps, call, ref, 'ResourceIdList')
          out.push({
            ResourceId: found.trail.arn,
            TagsList: tagsShape(await deps.trails.listTags(found.trail.arn)),
          })
        }
        return { ResourceTagList: out }
      },
    }),
  }
}
