/**
 * IAM Access Analyzer's custom policy checks, decided soundly: CheckNoNewAccess,
 * CheckAccessNotGranted and CheckNoPublicAccess. Each asks {@link searchDifference} for a request
 * the engine allows where it must not; PASS only when the search covered every class of requests
 * and found none. A FAIL names the statements that allow the request (AWS's `reasons`) and, beyond
 * AWS, the request itself: the witness.
 */
import type { Request, StatementRef } from '../../policy/index.ts'
import { grantsNoMoreByStatements } from './statement-subset.ts'
import { searchDifference, type CheckPolicyKind, type SearchOutcome } from './request-space.ts'

/** The actions AWS documents for a service prefix (an ActionCatalog's `actionsOf`). */
export type ActionNames = (service: string) => readonly string[] | undefined

/**
 * Every action pattern a policy document names: what an action catalogue must load so that a
 * witness can name a documented action.
 */
export function actionPatternsOf(...docs: readonly unknown[]): string[] {
  const out: string[] = []
  for (const d of docs) {
    const st = (d as { Statement?: unknown } | undefined)?.Statement
    for (const s of Array.isArray(st) ? st : [st]) {
      const o = (s ?? {}) as { Action?: unknown; NotAction?: unknown }
      if (o.NotAction !== undefined) out.push('*')
      for (const v of Array.isArray(o.Action) ? o.Action : [o.Action])
        if (typeof v === 'string') out.push(v)
    }
  }
  return out
}

export const CHECK_RESULTS = ['PASS', 'FAIL'] as const
export type CheckResult = (typeof CHECK_RESULTS)[number]

/** One reason, as AWS's ReasonSummary. */
export interface CheckReason {
  readonly description: string
  readonly statementIndex?: number
  readonly statementId?: string
}

/** A request the engine allows where the check says it must not. */
export interface CheckWitness {
  readonly principal: string
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string
  readonly context: Readonly<Record<string, unknown>>
  /** For CheckNoNewAccess: the existing policy's decision on the request. */
  readonly existingDecision?: string
}

export interface CheckOutcome {
  readonly result: CheckResult
  readonly message: string
  readonly reasons: readonly CheckReason[]
  readonly witness?: CheckWitness
  /** Engine decisions the proof took. */
  readonly requests: number
}

/** The resource types CheckNoPublicAccess takes, with the action prefix of their service. */
export const PUBLIC_ACCESS_RESOURCE_TYPES = {
  'AWS::ApiGateway::RestApi': 'execute-api',
  'AWS::Backup::BackupVault': 'backup',
  'AWS::CloudTrail::Dashboard': 'cloudtrail',
  'AWS::CloudTrail::EventDataStore': 'cloudtrail',
  'AWS::CodeArtifact::Domain': 'codeartifact',
  'AWS::DynamoDB::Stream': 'dynamodb',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::EFS::FileSystem': 'elasticfilesystem',
  'AWS::IAM::AssumeRolePolicyDocument': 'sts',
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::Kinesis::StreamConsumer': 'kinesis',
  'AWS::KMS::Key': 'kms',
  'AWS::Lambda::Function': 'lambda',
  'AWS::OpenSearchService::Domain': 'es',
  'AWS::S3::AccessPoint': 's3',
  'AWS::S3::Bucket': 's3',
  'AWS::S3::Glacier': 'glacier',
  'AWS::S3Express::AccessPoint': 's3express',
  'AWS::S3Express::DirectoryBucket': 's3express',
  'AWS::S3Outposts::AccessPoint': 's3-outposts',
  'AWS::S3Outposts::Bucket': 's3-outposts',
  'AWS::S3Tables::Table': 's3tables',
  'AWS::S3Tables::TableBucket': 's3tables',
  'AWS::SecretsManager::Secret': 'secretsmanager',
  'AWS::SNS::Topic': 'sns',
  'AWS::SQS::Queue': 'sqs',
} as const
export type PublicAccessResourceType = keyof typeof PUBLIC_ACCESS_RESOURCE_TYPES

const MESSAGES = {
  newAccess: {
    PASS: 'The modified permissions do not grant new access compared to your existing policy.',
    FAIL: 'The modified permissions grant new access compared to your existing policy.',
    reason: (i: number) => `New access in the statement with index: ${i}.`,
  },
  notGranted: {
    PASS: 'The policy document does not grant access to perform the listed actions or resources.',
    FAIL: 'The policy document grants access to perform one or more of the listed actions or resources.',
    reason: (i: number) =>
      `One or more of the listed actions or resources in the statement with index: ${i}.`,
  },
  publicAccess: {
    PASS: 'The resource policy does not grant public access for the given resource type.',
    FAIL: 'The resource policy grants public access for the given resource type.',
    reason: (i: number) => `Public access granted in the following statement with index: ${i}.`,
  },
} as const

/** The action as the policies spell it, when they name it exactly. */
function spelling(docs: readonly unknown[], extra: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  const add = (v: unknown) => {
    if (typeof v === 'string' && !/[*?]/.test(v)) out.set(v.toLowerCase(), v)
  }
  extra.forEach(add)
  for (const d of docs) {
    const doc = typeof d === 'string' ? safeParse(d) : d
    const st = (doc as { Statement?: unknown } | undefined)?.Statement
    for (const s of Array.isArray(st) ? st : [st]) {
      const a = (s as { Action?: unknown } | undefined)?.Action
      for (const v of Array.isArray(a) ? a : [a]) add(v)
    }
  }
  return out
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function outcome(
  search: SearchOutcome,
  messages: (typeof MESSAGES)[keyof typeof MESSAGES],
  names: Map<string, string>,
): CheckOutcome {
  const w = search.witness
  if (w !== undefined) {
    return {
      result: 'FAIL',
      message: messages.FAIL,
      reasons:
        w.allowedBy.length > 0
          ? reasonsOf(w.allowedBy, messages.reason)
          : (w.baselineDeniedBy ?? []).map((r) => ({
              description: `The existing policy denies this access in the statement with index: ${r.statementIndex}; the updated policy no longer does.`,
            })),
      witness: witnessOf(w.request, names, w.baselineDecision),
      requests: search.requests,
    }
  }
  if (search.complete) {
    return { result: 'PASS', message: messages.PASS, reasons: [], requests: search.requests }
  }
  return {
    result: 'FAIL',
    message: messages.FAIL,
    reasons: [
      {
        description: `xaccess could not prove the result for every request: ${search.incomplete ?? 'the search was cut short'}.`,
      },
    ],
    requests: search.requests,
  }
}

function reasonsOf(refs: readonly StatementRef[], text: (i: number) => string): CheckReason[] {
  const seen = new Set<number>()
  const out: CheckReason[] = []
  for (const r of refs) {
    if (seen.has(r.statementIndex)) continue
    seen.add(r.statementIndex)
    out.push({
      description: text(r.statementIndex),
      statementIndex: r.statementIndex,
      ...(r.sid === undefined ? {} : { statementId: r.sid }),
    })
  }
  return out
}

function witnessOf(
  request: Request,
  names: Map<string, string>,
  existing: string | undefined,
): CheckWitness {
  return {
    principal: request.principal,
    action: names.get(request.action) ?? request.action,
    resource: request.resource,
    ...(request.resourceAccount === undefined ? {} : { resourceAccount: request.resourceAccount }),
    context: request.context ?? {},
    ...(existing === undefined ? {} : { existingDecision: existing }),
  }
}

/**
 * CheckNoNewAccess: does `updated` allow any request that `existing` does not?
 * @example checkNoNewAccess({ kind: 'identity', existing, updated }).result // 'PASS' | 'FAIL'
 */
export function checkNoNewAccess(input: {
  readonly kind: CheckPolicyKind
  readonly existing: unknown
  readonly updated: unknown
  readonly limit?: number
  readonly actionNames?: ActionNames
}): CheckOutcome {
  if (grantsNoMoreByStatements(input.kind, input.existing, input.updated)) {
    return { result: 'PASS', message: MESSAGES.newAccess.PASS, reasons: [], requests: 0 }
  }
  const search = searchDifference({
    kind: input.kind,
    candidate: input.updated,
    baseline: input.existing,
    ...(input.actionNames === undefined ? {} : { actionNames: input.actionNames }),
    ...(input.limit === undefined ? {} : { limit: input.limit }),
  })
  return outcome(search, MESSAGES.newAccess, spelling([input.updated, input.existing], []))
}

/** One access item: actions and/or resources (at least one of them). */
export interface AccessItem {
  readonly actions?: readonly string[]
  readonly resources?: readonly string[]
}

/**
 * CheckAccessNotGranted: does the policy allow any listed action (on any resource, or on a listed
 * resource), or any action on a listed resource?
 */
export function checkAccessNotGranted(input: {
  readonly kind: CheckPolicyKind
  readonly document: unknown
  readonly access: readonly AccessItem[]
  readonly limit?: number
}): CheckOutcome {
  let requests = 0
  let last: CheckOutcome | undefined
  for (const item of input.access) {
    const actions = item.actions ?? []
    const resources = item.resources ?? []
    const search = searchDifference({
      kind: input.kind,
      candidate: input.document,
      requireGrant: true,
      ...(actions.length > 0 ? { actions } : {}),
      ...(resources.length > 0 ? { resources } : {}),
      ...(input.limit === undefined ? {} : { limit: input.limit }),
    })
    requests += search.requests
    last = outcome(search, MESSAGES.notGranted, spelling([input.document], actions))
    if (last.result === 'FAIL') return { ...last, requests }
  }
  return { result: 'PASS', message: MESSAGES.notGranted.PASS, reasons: [], requests }
}

/** CheckNoPublicAccess: can a caller the policy does not name (anyone) use the resource? */
export function checkNoPublicAccess(input: {
  readonly document: unknown
  readonly resourceType: PublicAccessResourceType
  readonly limit?: number
  readonly actionNames?: ActionNames
}): CheckOutcome {
  const search = searchDifference({
    ...(input.actionNames === undefined ? {} : { actionNames: input.actionNames }),
    kind: 'resource',
    candidate: input.document,
    requireGrant: true,
    actions: [`${PUBLIC_ACCESS_RESOURCE_TYPES[input.resourceType]}:*`],
    publicOnly: true,
    ...(input.limit === undefined ? {} : { limit: input.limit }),
  })
  return outcome(search, MESSAGES.publicAccess, spelling([input.document], []))
}
