/**
 * CreateAnalyzer, GetAnalyzer, ListAnalyzers, UpdateAnalyzer and DeleteAnalyzer (rest-json
 * `PUT /analyzer`, `GET /analyzer/{analyzerName}`, `GET /analyzer`, `PUT` and `DELETE
 * /analyzer/{analyzerName}`). An ORGANIZATION analyzer's zone of trust is the caller's
 * organization, and only its management account may create one (xaccess has no delegated
 * administrators); ACCOUNT's is the caller's account.
 */
import { StoreError } from '../../common/store-error.ts'
import { operation, type CallContext } from '../../common/operation.ts'
import { DEFAULT_UNUSED_ACCESS_AGE } from '../findings/unused-access.ts'
import { analyzerErrors } from './analyzer-errors.ts'
import {
  analyzerArnOf,
  analyzerNamed,
  isUnusedAccess,
  type AnalyzerContext,
} from './analyzer-context.ts'
import { InputReader } from './analyzer-input.ts'
import { offsetPage } from './offset-page.ts'
import {
  ANALYZER_TYPES,
  type AnalyzerType,
  type FilterCriteria,
  type StoredAnalyzer,
} from './analyzer-store.ts'
import { wireTime } from './wire-time.ts'

/** The `AnalyzerSummary` of an analyzer. */
export function analyzerSummary(a: StoredAnalyzer): Record<string, unknown> {
  return {
    arn: a.arn,
    name: a.name,
    type: a.type,
    createdAt: wireTime(a.createdAt),
    ...(a.lastResourceAnalyzed === undefined
      ? {}
      : { lastResourceAnalyzed: a.lastResourceAnalyzed }),
    ...(a.lastResourceAnalyzedAt === undefined
      ? {}
      : { lastResourceAnalyzedAt: wireTime(a.lastResourceAnalyzedAt) }),
    tags: a.tags,
    status: 'ACTIVE',
    ...(a.unusedAccessAge === undefined
      ? {}
      : { configuration: { unusedAccess: { unusedAccessAge: a.unusedAccessAge } } }),
  }
}

function unusedAccessAge(
  r: InputReader,
  configuration: Readonly<Record<string, unknown>> | undefined,
) {
  const unused = configuration?.unusedAccess
  if (unused === undefined || unused === null) return undefined
  if (typeof unused !== 'object')
    return r.fail('configuration.unusedAccess', unused, 'Member must be an object')
  return r.integer(
    'configuration.unusedAccess.unusedAccessAge',
    1,
    365,
    (unused as Record<string, unknown>).unusedAccessAge,
  )
}

interface CreateInput {
  readonly name: string
  readonly type: AnalyzerType
  readonly rules: readonly { readonly ruleName: string; readonly filter: FilterCriteria }[]
  readonly tags: Readonly<Record<string, string>>
  readonly unusedAccessAge: number | undefined
}

/** The analyzer operations by name. */
export function analyzerOperations(ctx: AnalyzerContext) {
  const authorizeOn =
    (action: string) => (input: { readonly name: string }, call: CallContext) => ({
      action: `access-analyzer:${action}`,
      resource: analyzerArnOf(call, input.name),
    })

  const CreateAnalyzer = operation<CreateInput, { arn: string }>({
    parse(raw) {
      const r = new InputReader(raw)
      const name = r.name('analyzerName')
      const type = r.oneOf('type', ANALYZER_TYPES, true)
      const tags = r.stringMap('tags') ?? {}
      const age = unusedAccessAge(r, r.object('configuration'))
      const rules: { ruleName: string; filter: FilterCriteria }[] = []
      const list = raw.archiveRules
      if (list !== undefined && list !== null) {
        if (!Array.isArray(list)) r.fail('archiveRules', list, 'Member must be a list')
        else
          list.forEach((rule: unknown, i) => {
            const ruleName = (rule as Record<string, unknown> | null)?.ruleName
            if (typeof ruleName !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(ruleName))
              r.fail(
                `archiveRules.${i + 1}.member.ruleName`,
                ruleName,
                'Member must satisfy regular expression pattern: [A-Za-z][A-Za-z0-9_.-]*',
              )
            const filter = r.filter(
              `archiveRules.${i + 1}.member.filter`,
              true,
              (rule as Record<string, unknown> | null)?.filter,
            )
            rules.push({ ruleName: String(ruleName), filter })
          })
      }
      r.done()
      return {
        name,
        type,
        rules,
        tags,
        unusedAccessAge: type.endsWith('_UNUSED_ACCESS')
          ? (age ?? DEFAULT_UNUSED_ACCESS_AGE)
          : undefined,
      }
    },
    authorization: authorizeOn('CreateAnalyzer'),
    async run(input, call) {
      let organizationId: string | undefined
      if (input.type.startsWith('ORGANIZATION')) {
        const snapshot = await ctx.snapshot()
        const org = snapshot.organization
        const member = snapshot.accounts.some(
          (a) => a.id === call.caller.accountId && a.parentId !== undefined,
        )
        if (org === undefined || !member) throw analyzerErrors.notInOrganization()
        if (org.managementAccountId !== call.caller.accountId)
          throw analyzerErrors.notDelegatedAdministrator(call.caller.accountId)
        organizationId = org.id
      }
      const now = call.request.now.getTime()
      const arn = analyzerArnOf(call, input.name)
      const analyzer: StoredAnalyzer = {
        arn,
        name: input.name,
        accountId: call.caller.accountId,
        region: call.request.region,
        type: input.type,
        organizationId,
        unusedAccessAge: input.unusedAccessAge,
        tags: input.tags,
        createdAt: now,
        lastResourceAnalyzed: undefined,
        lastResourceAnalyzedAt: undefined,
      }
      try {
        await ctx.store.createAnalyzer(
          analyzer,
          input.rules.map((rule) => ({
            analyzerArn: arn,
            ruleName: rule.ruleName,
            filter: rule.filter,
            createdAt: now,
            updatedAt: now,
          })),
        )
      } catch (e) {
        if (e instanceof StoreError && e.kind === 'AlreadyExists') {
          if (e.subject === 'archiveRule.name')
            throw analyzerErrors.validation([
              { name: 'archiveRules', message: 'Archive rule names must be unique' },
            ])
          throw analyzerErrors.analyzerExists(input.name)
        }
        throw e
      }
      return { arn }
    },
  })

  const GetAnalyzer = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const name = r.name('analyzerName')
      r.done()
      return { name }
    },
    authorization: authorizeOn('GetAnalyzer'),
    async run(input, call) {
      return { analyzer: analyzerSummary(await analyzerNamed(ctx, call, input.name)) }
    },
  })

  const ListAnalyzers = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const type = r.oneOf('type', ANALYZER_TYPES)
      const maxResults = r.integer('maxResults', 1, 1000)
      const nextToken = r.string('nextToken')
      r.done()
      return { type, maxResults, nextToken }
    },
    authorization: () => ({ action: 'access-analyzer:ListAnalyzers', resource: '*' }),
    async run(input, call) {
      const all = (await ctx.store.listAnalyzers(call.caller.accountId)).filter(
        (a) => input.type === undefined || a.type === input.type,
      )
      const page = offsetPage(
        all,
        input.maxResults,
        input.nextToken,
        `analyzers\n${call.caller.accountId}\n${input.type ?? ''}`,
      )
      return {
        analyzers: page.items.map(analyzerSummary),
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
      }
    },
  })

  const UpdateAnalyzer = operation<
    { name: string; age: number | undefined },
    { configuration: unknown }
  >({
    parse(raw) {
      const r = new InputReader(raw)
      const name = r.name('analyzerName')
      const age = unusedAccessAge(r, r.object('configuration'))
      r.done()
      return { name, age }
    },
    authorization: authorizeOn('UpdateAnalyzer'),
    async run(input, call) {
      const a = await analyzerNamed(ctx, call, input.name)
      if (!isUnusedAccess(a)) throw analyzerErrors.wrongAnalyzerType('UpdateAnalyzer', a.type)
      if (input.age !== undefined)
        await ctx.store.updateAnalyzer(a.arn, { unusedAccessAge: input.age })
      const after = await analyzerNamed(ctx, call, input.name)
      return { configuration: { unusedAccess: { unusedAccessAge: after.unusedAccessAge } } }
    },
  })

  const DeleteAnalyzer = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const name = r.name('analyzerName')
      r.done()
      return { name }
    },
    authorization: authorizeOn('DeleteAnalyzer'),
    async run(input, call) {
      const a = await analyzerNamed(ctx, call, input.name)
      await ctx.store.deleteAnalyzer(a.arn)
      ctx.findings.forget(a.arn)
      return {}
    },
  })

  return { CreateAnalyzer, GetAnalyzer, ListAnalyzers, UpdateAnalyzer, DeleteAnalyzer }
}
