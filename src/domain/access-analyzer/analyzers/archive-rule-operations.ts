/**
 * CreateArchiveRule, GetArchiveRule, ListArchiveRules, UpdateArchiveRule, DeleteArchiveRule
 * (rest-json under `/analyzer/{analyzerName}/archive-rule`) and ApplyArchiveRule (`PUT
 * /archive-rule`). A rule archives the analyzer's new findings that match it; ApplyArchiveRule
 * archives the active findings that already do.
 */
import { StoreError } from '../../common/store-error.ts'
import { operation, type CallContext } from '../../common/operation.ts'
import { matchesFilter } from '../findings/finding-filter.ts'
import { analyzerErrors } from './analyzer-errors.ts'
import {
  analyzerArnOf,
  analyzerByArn,
  analyzerNamed,
  type AnalyzerContext,
} from './analyzer-context.ts'
import { InputReader } from './analyzer-input.ts'
import type { FilterCriteria, StoredArchiveRule } from './analyzer-store.ts'
import { offsetPage } from './offset-page.ts'
import { wireTime } from './wire-time.ts'

/** An `ArchiveRuleSummary`. */
export const archiveRuleSummary = (r: StoredArchiveRule) => ({
  ruleName: r.ruleName,
  filter: r.filter,
  createdAt: wireTime(r.createdAt),
  updatedAt: wireTime(r.updatedAt),
})

interface RuleInput {
  readonly name: string
  readonly ruleName: string
  readonly filter: FilterCriteria
}

const ruleArn = (call: CallContext, i: RuleInput) =>
  `${analyzerArnOf(call, i.name)}/archive-rule/${i.ruleName}`

/** The archive rule operations by name. */
export function archiveRuleOperations(ctx: AnalyzerContext) {
  const readRule = (raw: Readonly<Record<string, unknown>>, withFilter: boolean) => {
    const r = new InputReader(raw)
    const name = r.name('analyzerName')
    const ruleName = r.name('ruleName')
    const filter: FilterCriteria = withFilter ? r.filter('filter', true) : {}
    r.done()
    return { name, ruleName, filter }
  }
  const onRule = (action: string) => (input: RuleInput, call: CallContext) => ({
    action: `access-analyzer:${action}`,
    resource: ruleArn(call, input),
  })
  const ruleOf = async (call: CallContext, input: RuleInput) => {
    const analyzer = await analyzerNamed(ctx, call, input.name)
    const rule = await ctx.store.getArchiveRule(analyzer.arn, input.ruleName)
    if (rule === undefined) throw analyzerErrors.archiveRuleNotFound(input.ruleName)
    return { analyzer, rule }
  }

  const CreateArchiveRule = operation({
    parse: (raw) => readRule(raw, true),
    authorization: onRule('CreateArchiveRule'),
    async run(input, call) {
      const analyzer = await analyzerNamed(ctx, call, input.name)
      const now = call.request.now.getTime()
      try {
        await ctx.store.createArchiveRule({
          analyzerArn: analyzer.arn,
          ruleName: input.ruleName,
          filter: input.filter,
          createdAt: now,
          updatedAt: now,
        })
      } catch (e) {
        if (e instanceof StoreError && e.kind === 'AlreadyExists')
          throw analyzerErrors.archiveRuleExists(input.ruleName)
        throw e
      }
      return {}
    },
  })

  const GetArchiveRule = operation({
    parse: (raw) => readRule(raw, false),
    authorization: onRule('GetArchiveRule'),
    async run(input, call) {
      return { archiveRule: archiveRuleSummary((await ruleOf(call, input)).rule) }
    },
  })

  const ListArchiveRules = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const name = r.name('analyzerName')
      const maxResults = r.integer('maxResults', 1, 1000)
      const nextToken = r.string('nextToken')
      r.done()
      return { name, maxResults, nextToken }
    },
    authorization: (input, call) => ({
      action: 'access-analyzer:ListArchiveRules',
      resource: analyzerArnOf(call, input.name),
    }),
    async run(input, call) {
      const analyzer = await analyzerNamed(ctx, call, input.name)
      const page = offsetPage(
        await ctx.store.listArchiveRules(analyzer.arn),
        input.maxResults,
        input.nextToken,
        `archive-rules\n${analyzer.arn}`,
      )
      return {
        archiveRules: page.items.map(archiveRuleSummary),
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
      }
    },
  })

  const UpdateArchiveRule = operation({
    parse: (raw) => readRule(raw, true),
    authorization: onRule('UpdateArchiveRule'),
    async run(input, call) {
      const { rule } = await ruleOf(call, input)
      await ctx.store.updateArchiveRule({
        ...rule,
        filter: input.filter,
        updatedAt: call.request.now.getTime(),
      })
      return {}
    },
  })

  const DeleteArchiveRule = operation({
    parse: (raw) => readRule(raw, false),
    authorization: onRule('DeleteArchiveRule'),
    async run(input, call) {
      const { analyzer } = await ruleOf(call, input)
      await ctx.store.deleteArchiveRule(analyzer.arn, input.ruleName)
      return {}
    },
  })

  const ApplyArchiveRule = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const analyzerArn = r.string('analyzerArn', true)
      const ruleName = r.name('ruleName')
      r.done()
      return { analyzerArn, ruleName }
    },
    authorization: (input) => ({
      action: 'access-analyzer:ApplyArchiveRule',
      resource: input.analyzerArn,
    }),
    async run(input, call) {
      const analyzer = await analyzerByArn(ctx, call, input.analyzerArn)
      const rule = await ctx.store.getArchiveRule(analyzer.arn, input.ruleName)
      if (rule === undefined) throw analyzerErrors.archiveRuleNotFound(input.ruleName)
      const now = call.request.now.getTime()
      await ctx.findings.refresh(analyzer, now)
      const active = (await ctx.store.listFindings(analyzer.arn)).filter(
        (f) => f.status === 'ACTIVE' && matchesFilter(f, rule.filter),
      )
      await ctx.store.putFindings(
        active.map((f) => ({ ...f, status: 'ARCHIVED' as const, updatedAt: now })),
      )
      return {}
    },
  })

  return {
    CreateArchiveRule,
    GetArchiveRule,
    ListArchiveRules,
    UpdateArchiveRule,
    DeleteArchiveRule,
    ApplyArchiveRule,
  }
}
