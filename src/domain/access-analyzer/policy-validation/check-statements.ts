/**
 * Statement checks: empty Sids and empty condition blocks, Sids repeated in a resource policy,
 * statements that repeat another, and the iam:PassRole / iam:CreateServiceLinkedRole grants that
 * reach every role.
 */
import { member, type JsonNode } from './json-source.ts'
import { globMatcher, hasWildcard, type CheckContext } from './check-context.ts'
import type { NodePath } from './findings.ts'
import type { IssueCode } from './policy-checks.ts'
import type { StatementView } from './statement-view.ts'

/** The six shapes of a grant on every role, for one action, by AWS issue code. */
interface WideGrantCodes {
  readonly action: string
  /** A condition key that narrows the grant enough (AWS recommends it). */
  readonly narrowingKey: string
  readonly starInResource: IssueCode
  readonly notResource: IssueCode
  readonly starInActionAndResource: IssueCode
  readonly starInActionAndNotResource: IssueCode
  readonly starInResourceAndNotAction: IssueCode
  readonly notActionAndNotResource: IssueCode
}

const WIDE_GRANTS: readonly WideGrantCodes[] = [
  {
    action: 'iam:PassRole',
    narrowingKey: 'iam:passedtoservice',
    starInResource: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
    notResource: 'PASS_ROLE_WITH_NOT_RESOURCE',
    starInActionAndResource: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
    starInActionAndNotResource: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
    starInResourceAndNotAction: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
    notActionAndNotResource: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE',
  },
  {
    action: 'iam:CreateServiceLinkedRole',
    narrowingKey: 'iam:awsservicename',
    starInResource: 'CREATE_SLR_WITH_STAR_IN_RESOURCE',
    notResource: 'CREATE_SLR_WITH_NOT_RESOURCE',
    starInActionAndResource: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
    starInActionAndNotResource: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
    starInResourceAndNotAction: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
    notActionAndNotResource: 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE',
  },
]

/** A Resource value that names every IAM role. */
const EVERY_ROLE = /^(\*|arn:[^:]*:iam::[^:]*:(\*|role\/\*))$/

/** Runs the statement checks. */
export function checkStatements(ctx: CheckContext): void {
  const sids = new Map<string, StatementView>()
  for (const statement of ctx.statements) {
    if (statement.sid === '') ctx.out.add('EMPTY_SID_VALUE', {}, [[...statement.path, 'Sid']])
    if (ctx.engineType === 'resource' && statement.sid !== undefined && statement.sid !== '') {
      if (sids.has(statement.sid))
        ctx.out.add('UNIQUE_SIDS_RECOMMENDED', {}, [[...statement.path, 'Sid']])
      sids.set(statement.sid, statement)
    }
    checkEmptyConditions(statement, ctx)
    if (statement.effect === 'Allow')
      for (const grant of WIDE_GRANTS) checkWideGrant(statement, grant, ctx)
  }
  checkRedundantStatements(ctx)
}

function checkEmptyConditions(statement: StatementView, ctx: CheckContext): void {
  const condition = member(statement.node, 'Condition')
  if (condition?.kind !== 'object') return
  const path: NodePath = [...statement.path, 'Condition']
  if (condition.members.length === 0) ctx.out.add('EMPTY_OBJECT_CONDITION', {}, [path])
  for (const m of condition.members) {
    if (m.value.kind === 'object' && m.value.members.length === 0)
      ctx.out.add('EMPTY_OBJECT_CONDITION', {}, [[...path, m.key]])
  }
}

function checkWideGrant(statement: StatementView, codes: WideGrantCodes, ctx: CheckContext): void {
  const { action, resource } = statement
  if (action === undefined || resource === undefined) return
  const every =
    resource.kind === 'Resource' ? resource.values.find((v) => EVERY_ROLE.test(v.value)) : undefined
  if (resource.kind === 'Resource' && every === undefined) return
  const target = codes.action
  const lower = target.toLowerCase()
  const literal = action.values.find((v) => v.value.toLowerCase() === lower)
  const star = action.values.find((v) => hasWildcard(v.value) && globMatcher(v.value).test(target))
  const excluded = literal !== undefined || star !== undefined
  const narrowed = statement.conditions.some((c) => c.key.toLowerCase() === codes.narrowingKey)
  let code: IssueCode | undefined
  const at: NodePath[] = []
  if (resource.kind === 'NotResource') {
    at.push([...statement.path, 'NotResource'])
    if (action.kind === 'NotAction') code = excluded ? undefined : codes.notActionAndNotResource
    else if (literal !== undefined) code = codes.notResource
    else if (star !== undefined) code = codes.starInActionAndNotResource
  } else {
    if (every === undefined || narrowed) return
    at.push(every.path)
    if (action.kind === 'NotAction') code = excluded ? undefined : codes.starInResourceAndNotAction
    else if (literal !== undefined) code = codes.starInResource
    else if (star !== undefined) code = codes.starInActionAndResource
  }
  if (code === undefined) return
  const actionPath = literal?.path ?? star?.path ?? [...statement.path, action.kind]
  ctx.out.add(code, {}, [actionPath, ...at])
}

/** Two statements that say the same thing, Sid aside: the later one is redundant. */
function checkRedundantStatements(ctx: CheckContext): void {
  const seen = new Map<string, StatementView>()
  for (const statement of ctx.statements) {
    const key = canonical(statement.node, true)
    const earlier = seen.get(key)
    if (earlier !== undefined)
      ctx.out.add('REDUNDANT_STATEMENT', {}, [earlier.path, statement.path])
    else seen.set(key, statement)
  }
}

/** A canonical text of a JSON value: members sorted, string lists as sets, Sid dropped. */
function canonical(node: JsonNode, top = false): string {
  switch (node.kind) {
    case 'object': {
      const members = node.members
        .filter((m) => !(top && m.key === 'Sid'))
        .map((m) => `${JSON.stringify(m.key)}:${canonical(m.value)}`)
        .sort()
      return `{${members.join(',')}}`
    }
    case 'array': {
      const items = node.items.map((item) =>
        item.kind === 'string' ? JSON.stringify(item.value) : canonical(item),
      )
      return `[${[...new Set(items)].sort().join(',')}]`
    }
    case 'string':
      return `[${JSON.stringify(node.value)}]`
    case 'number':
      return node.text
    case 'boolean':
      return String(node.value)
    case 'null':
      return 'null'
  }
}
