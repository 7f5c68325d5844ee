/**
 * The findings of an analyzer: ListFindings / ListFindingsV2 (`POST /finding`, `/findingv2`:
 * filter, sort, paging), GetFinding / GetFindingV2 (`GET /finding/{id}`, `/findingv2/{id}`),
 * UpdateFindings (`PUT /finding`: archive or reactivate by ids or by resource), and the
 * analyzed resources: ListAnalyzedResources, GetAnalyzedResource, StartResourceScan. Each read
 * brings the analyzer's findings up to date first, so it reflects the policies as they stand.
 */
import { operation, type CallContext } from '../../common/operation.ts'
import { analyzerErrors } from '../analyzers/analyzer-errors.ts'
import {
  analyzerByArn,
  isUnusedAccess,
  type AnalyzerContext,
} from '../analyzers/analyzer-context.ts'
import { InputReader } from '../analyzers/analyzer-input.ts'
import type { FilterCriteria, StoredAnalyzer, StoredFinding } from '../analyzers/analyzer-store.ts'
import { offsetPage } from '../analyzers/offset-page.ts'
import { findingAttribute, matchesFilter } from './finding-filter.ts'
import { findingDetails, findingSummaryV2, findingView } from './finding-views.ts'
import { wireTime } from '../analyzers/wire-time.ts'

const ORDERS = ['ASC', 'DESC'] as const
const TIME_ATTRIBUTES = ['createdAt', 'updatedAt', 'analyzedAt'] as const
const UPDATE_STATUSES = ['ACTIVE', 'ARCHIVED'] as const

interface ListInput {
  readonly analyzerArn: string
  readonly filter: FilterCriteria
  readonly sort: { readonly attributeName: string; readonly orderBy: 'ASC' | 'DESC' } | undefined
  readonly maxResults: number | undefined
  readonly nextToken: string | undefined
}

function readList(raw: Readonly<Record<string, unknown>>): ListInput {
  const r = new InputReader(raw)
  const analyzerArn = r.string('analyzerArn', true)
  const filter = r.filter('filter', false)
  const sortRaw = r.object('sort')
  let sort: ListInput['sort']
  if (sortRaw !== undefined) {
    const s = new InputReader(sortRaw)
    const attributeName = s.string('attributeName') ?? 'createdAt'
    const orderBy = s.oneOf('orderBy', ORDERS) ?? 'ASC'
    s.done()
    sort = { attributeName, orderBy }
  }
  const maxResults = r.integer('maxResults', 1, 1000)
  const nextToken = r.string('nextToken')
  r.done()
  return { analyzerArn, filter, sort, maxResults, nextToken }
}

function sortKey(f: StoredFinding, attribute: string): number | string {
  if ((TIME_ATTRIBUTES as readonly string[]).includes(attribute))
    return f[attribute as (typeof TIME_ATTRIBUTES)[number]]
  return findingAttribute(f, attribute)?.[0] ?? ''
}

function sorted(findings: StoredFinding[], sort: ListInput['sort']): StoredFinding[] {
  const attribute = sort?.attributeName ?? 'createdAt'
  const sign = sort?.orderBy === 'DESC' ? -1 : 1
  return findings.sort((a, b) => {
    const x = sortKey(a, attribute)
    const y = sortKey(b, attribute)
    const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
    return c * sign
  })
}

/** The finding operations by name. */
export function findingOperations(ctx: AnalyzerContext) {
  const fresh = async (call: CallContext, arn: string): Promise<StoredAnalyzer> => {
    const analyzer = await analyzerByArn(ctx, call, arn)
    await ctx.findings.refresh(analyzer, call.request.now.getTime())
    return analyzer
  }
  const onAnalyzer =
    (action: string) =>
    <T extends { readonly analyzerArn: string }>(input: T) => ({
      action: `access-analyzer:${action}`,
      resource: input.analyzerArn,
    })
  const list = async (input: ListInput, call: CallContext, v2: boolean) => {
    const analyzer = await fresh(call, input.analyzerArn)
    if (!v2 && isUnusedAccess(analyzer))
      throw analyzerErrors.wrongAnalyzerType('ListFindings', analyzer.type)
    const all = (await ctx.store.listFindings(analyzer.arn)).filter((f) =>
      matchesFilter(f, input.filter),
    )
    return offsetPage(
      sorted(all, input.sort),
      input.maxResults,
      input.nextToken,
      `findings\n${analyzer.arn}\n${JSON.stringify(input.filter)}\n${JSON.stringify(input.sort ?? {})}`,
    )
  }
  const findingOf = async (call: CallContext, analyzerArn: string, id: string) => {
    const analyzer = await fresh(call, analyzerArn)
    const f = await ctx.store.getFinding(analyzer.arn, id)
    if (f === undefined) throw analyzerErrors.findingNotFound(id)
    return { analyzer, finding: f }
  }
  const readGet = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const analyzerArn = r.string('analyzerArn', true)
    const id = r.string('id', true)
    const maxResults = r.integer('maxResults', 1, 1000)
    const nextToken = r.string('nextToken')
    r.done()
    return { analyzerArn, id, maxResults, nextToken }
  }

  const ListFindings = operation({
    parse: readList,
    authorization: onAnalyzer('ListFindings'),
    async run(input, call) {
      const page = await list(input, call, false)
      return {
        findings: page.items.map(findingView),
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
      }
    },
  })

  const ListFindingsV2 = operation({
    parse: readList,
    // AWS authorizes ListFindingsV2 as access-analyzer:ListFindings.
    authorization: onAnalyzer('ListFindings'),
    async run(input, call) {
      const page = await list(input, call, true)
      return {
        findings: page.items.map(findingSummaryV2),
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
      }
    },
  })

  const GetFinding = operation({
    parse: readGet,
    authorization: onAnalyzer('GetFinding'),
    async run(input, call) {
      const { analyzer, finding } = await findingOf(call, input.analyzerArn, input.id)
      if (isUnusedAccess(analyzer))
        throw analyzerErrors.wrongAnalyzerType('GetFinding', analyzer.type)
      return { finding: findingView(finding) }
    },
  })

  const GetFindingV2 = operation({
    parse: readGet,
    // AWS authorizes GetFindingV2 as access-analyzer:GetFinding.
    authorization: onAnalyzer('GetFinding'),
    async run(input, call) {
      const { finding } = await findingOf(call, input.analyzerArn, input.id)
      const page = offsetPage(
        findingDetails(finding),
        input.maxResults,
        input.nextToken,
        `finding\n${finding.analyzerArn}\n${finding.id}`,
      )
      return {
        ...findingSummaryV2(finding),
        findingDetails: page.items,
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
      }
    },
  })

  const UpdateFindings = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const analyzerArn = r.string('analyzerArn', true)
      const status = r.oneOf('status', UPDATE_STATUSES, true)
      const ids = r.strings('ids')
      const resourceArn = r.string('resourceArn')
      if (ids === undefined && resourceArn === undefined)
        r.fail('ids', undefined, 'Either ids or resourceArn must be given')
      r.done()
      return { analyzerArn, status, ids, resourceArn }
    },
    authorization: onAnalyzer('UpdateFindings'),
    async run(input, call) {
      const analyzer = await fresh(call, input.analyzerArn)
      const all = await ctx.store.listFindings(analyzer.arn)
      const byId = new Map(all.map((f) => [f.id, f]))
      for (const id of input.ids ?? []) if (!byId.has(id)) throw analyzerErrors.findingNotFound(id)
      const chosen = all.filter(
        (f) =>
          (input.ids?.includes(f.id) ?? false) ||
          (input.resourceArn !== undefined && f.resource === input.resourceArn),
      )
      const now = call.request.now.getTime()
      await ctx.store.putFindings(
        chosen
          .filter((f) => f.status !== 'RESOLVED' && f.status !== input.status)
          .map((f) => ({ ...f, status: input.status, updatedAt: now })),
      )
      return {}
    },
  })

  const ListAnalyzedResources = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const analyzerArn = r.string('analyzerArn', true)
      const resourceType = r.string('resourceType')
      const maxResults = r.integer('maxResults', 1, 1000)
      const nextToken = r.string('nextToken')
      r.done()
      return { analyzerArn, resourceType, maxResults, nextToken }
    },
    authorization: onAnalyzer('ListAnalyzedResources'),
    async run(input, call) {
      const analyzer = await fresh(call, input.analyzerArn)
      const all = (await ctx.store.listAnalyzedResources(analyzer.arn)).filter(
        (r) => input.resourceType === undefined || r.resourceType === input.resourceType,
      )
      const page = offsetPage(
        all,
        input.maxResults,
        input.nextToken,
        `resources\n${analyzer.arn}\n${input.resourceType ?? ''}`,
      )
      return {
        analyzedResources: page.items.map((r) => ({
          resourceArn: r.resourceArn,
          resourceOwnerAccount: r.resourceOwnerAccount,
          resourceType: r.resourceType,
        })),
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
      }
    },
  })

  const GetAnalyzedResource = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const analyzerArn = r.string('analyzerArn', true)
      const resourceArn = r.string('resourceArn', true)
      r.done()
      return { analyzerArn, resourceArn }
    },
    authorization: onAnalyzer('GetAnalyzedResource'),
    async run(input, call) {
      const analyzer = await fresh(call, input.analyzerArn)
      const r = (await ctx.store.listAnalyzedResources(analyzer.arn)).find(
        (x) => x.resourceArn === input.resourceArn,
      )
      if (r === undefined) throw analyzerErrors.resourceNotFound(input.resourceArn)
      return {
        resource: {
          resourceArn: r.resourceArn,
          resourceType: r.resourceType,
          createdAt: wireTime(r.createdAt),
          analyzedAt: wireTime(r.analyzedAt),
          updatedAt: wireTime(r.updatedAt),
          isPublic: r.isPublic,
          ...(r.actions.length === 0 ? {} : { actions: r.actions }),
          ...(r.sharedVia.length === 0 ? {} : { sharedVia: r.sharedVia }),
          ...(r.status === undefined ? {} : { status: r.status }),
          resourceOwnerAccount: r.resourceOwnerAccount,
        },
      }
    },
  })

  const StartResourceScan = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const analyzerArn = r.string('analyzerArn', true)
      const resourceArn = r.string('resourceArn', true)
      r.string('resourceOwnerAccount')
      r.done()
      return { analyzerArn, resourceArn }
    },
    authorization: onAnalyzer('StartResourceScan'),
    async run(input, call) {
      const analyzer = await analyzerByArn(ctx, call, input.analyzerArn)
      await ctx.findings.refresh(analyzer, call.request.now.getTime(), true)
      return {}
    },
  })

  return {
    ListFindings,
    ListFindingsV2,
    GetFinding,
    GetFindingV2,
    UpdateFindings,
    ListAnalyzedResources,
    GetAnalyzedResource,
    StartResourceScan,
  }
}
