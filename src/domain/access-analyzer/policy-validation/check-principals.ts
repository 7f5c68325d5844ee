/**
 * Principal checks of resource-based policies and role trust policies: role and user ids where an
 * ARN belongs, wildcards and federated principals where they do not belong, actions that do not
 * fit the principal, identity providers without conditions, redundant session principals.
 */
import { globMatcher, type CheckContext } from './check-context.ts'
import type { NodePath } from './findings.ts'
import type { PathValue, StatementView } from './statement-view.ts'

const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths']
const GITHUB = 'token.actions.githubusercontent.com'
const ROLES_ANYWHERE = 'rolesanywhere.amazonaws.com'
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']
/** Identity providers AWS knows by domain (not OIDC providers registered in IAM). */
const BUILT_IN_PROVIDERS = [
  'cognito-identity.amazonaws.com',
  'www.amazon.com',
  'graph.facebook.com',
  'accounts.google.com',
]

/** Runs the principal checks on every statement. */
export function checkPrincipals(ctx: CheckContext): void {
  for (const statement of ctx.statements) {
    const principal = statement.principal
    if (principal === undefined) continue
    for (const v of principal.byKey.get('AWS') ?? []) {
      if (/^AROA[A-Z0-9]{12,}$/.test(v.value))
        ctx.out.add('INVALID_ROLE_REFERENCE', { roleid: v.value }, [v.path])
      else if (/^AIDA[A-Z0-9]{12,}$/.test(v.value))
        ctx.out.add('INVALID_USER_REFERENCE', { userid: v.value }, [v.path])
    }
    if (statement.effect !== 'Allow' || principal.kind !== 'Principal') continue
    if (ctx.engineType === 'trust') checkTrustStatement(statement, ctx)
    else if (ctx.engineType === 'resource') checkResourceStatement(statement, ctx)
  }
}

function checkResourceStatement(statement: StatementView, ctx: CheckContext): void {
  const principal = statement.principal
  if (principal === undefined) return
  const federated = principal.byKey.get('Federated') ?? []
  if (federated.length > 0)
    ctx.out.add(
      'FEDERATED_PRINCIPAL_NOT_SUPPORTED',
      {},
      federated.map((v) => v.path),
    )
  const services = principal.byKey.get('Service') ?? []
  const keys = new Set(statement.conditions.map((c) => c.key.toLowerCase()))
  if (services.length > 0 && !SOURCE_KEYS.some((k) => keys.has(k)))
    ctx.out.add(
      'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
      {},
      services.map((v) => v.path),
    )
  const onlyServices =
    services.length > 0 && [...principal.byKey.keys()].every((k) => k === 'Service')
  if (onlyServices) checkServicePrincipalKeys(statement, services, ctx)
  const irrelevant = IRRELEVANT_KEYS[ctx.resourceType ?? ''] ?? []
  for (const c of statement.conditions) {
    if (irrelevant.includes(c.key.toLowerCase()))
      ctx.out.add(
        'IRRELEVANT_CONDITION_KEY_IN_POLICY',
        { 'condition-key': c.key, 'resource-type': ctx.resourceType ?? '' },
        [c.path],
      )
  }
}

/** Keys a resource type's own policy never sees (AWS's example: s3:ResourceAccount on a bucket). */
const IRRELEVANT_KEYS: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': ['s3:resourceaccount'],
  'AWS::S3::AccessPoint': ['s3:resourceaccount'],
}

/** Keys describing an IAM principal, absent from the request context of a service principal. */
const NOT_FOR_SERVICE_PRINCIPALS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:userid',
  'aws:username',
]
/** Keys that do not tie a service principal to the caller's own resources. */
const WEAK_FOR_SERVICE_PRINCIPALS = ['aws:referer']

function checkServicePrincipalKeys(
  statement: StatementView,
  services: readonly PathValue[],
  ctx: CheckContext,
): void {
  const unsupported = statement.conditions.filter((c) => {
    const key = c.key.toLowerCase()
    return NOT_FOR_SERVICE_PRINCIPALS.includes(key) || key.startsWith('aws:principaltag/')
  })
  if (unsupported.length > 0)
    ctx.out.add(
      'UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
      { conditionKeys: [...new Set(unsupported.map((c) => c.key))].join(', ') },
      unsupported.map((c) => c.path),
    )
  const prefix = services[0]?.value.split('.')[0] ?? ''
  for (const c of statement.conditions) {
    if (WEAK_FOR_SERVICE_PRINCIPALS.includes(c.key.toLowerCase()))
      ctx.out.add(
        'RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
        { servicePrincipalPrefix: prefix, key: c.key },
        [c.path],
      )
  }
}

function checkTrustStatement(statement: StatementView, ctx: CheckContext): void {
  const principal = statement.principal
  if (principal === undefined) return
  const { out } = ctx
  if (principal.wildcard) {
    const star = (principal.byKey.get('AWS') ?? []).find((v) => v.value === '*')
    out.add('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', {}, [
      star?.path ?? principal.path,
    ])
  }
  const actions = statement.action?.kind === 'Action' ? statement.action.values : []
  const federated = principal.byKey.get('Federated') ?? []
  const others = [...(principal.byKey.get('AWS') ?? []), ...(principal.byKey.get('Service') ?? [])]
  for (const action of actions) {
    const name = action.value.toLowerCase()
    let mismatched: readonly PathValue[] = []
    if (name === 'sts:assumerole') mismatched = federated
    else if (name === 'sts:assumerolewithsaml')
      mismatched = [...federated.filter((v) => !v.value.includes(':saml-provider/')), ...others]
    else if (name === 'sts:assumerolewithwebidentity')
      mismatched = [...federated.filter((v) => v.value.includes(':saml-provider/')), ...others]
    if (mismatched.length === 0) continue
    out.add(
      'MISMATCHED_ACTION_FOR_PRINCIPAL',
      { actionName: action.value, principalNames: mismatched.map((v) => v.value).join(', ') },
      [action.path, ...mismatched.map((v) => v.path)],
    )
  }
  const services = principal.byKey.get('Service') ?? []
  const rolesAnywhere = services.find((v) => v.value.toLowerCase() === ROLES_ANYWHERE)
  if (rolesAnywhere !== undefined && statement.action?.kind === 'Action') {
    const granted = (wanted: string) => actions.some((a) => globMatcher(a.value).test(wanted))
    if (!ROLES_ANYWHERE_ACTIONS.every(granted))
      out.add('MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', {}, [
        statement.action.values[0]?.path ?? [...statement.path, 'Action'],
      ])
  }
  checkProviders(statement, federated, ctx)
  for (const c of statement.conditions) {
    if (c.key.toLowerCase().endsWith(':aud') && /^for(all|any)values?:/i.test(c.operator))
      out.add('CONFIRM_AUDIENCE_CLAIM_TYPE', {}, [c.path])
  }
  checkTagActions(statement, ctx)
  checkRedundantSessions(principal.byKey.get('AWS') ?? [], ctx)
}

/** OIDC providers: a condition on the provider's keys; for GitHub, on `sub`, without a wide wildcard. */
function checkProviders(
  statement: StatementView,
  federated: readonly PathValue[],
  ctx: CheckContext,
): void {
  for (const v of federated) {
    if (v.value.includes(':saml-provider/')) continue
    const host = v.value.includes(':oidc-provider/')
      ? v.value.slice(v.value.indexOf(':oidc-provider/') + ':oidc-provider/'.length)
      : v.value
    // Not a provider's domain: the engine's grammar check reports it.
    if (!host.includes('.') || BUILT_IN_PROVIDERS.includes(host.toLowerCase())) continue
    const prefix = `${host.toLowerCase()}:`
    const keys = statement.conditions.filter((c) => c.key.toLowerCase().startsWith(prefix))
    if (host.toLowerCase() === GITHUB) {
      const sub = keys.filter((c) => c.key.toLowerCase() === `${GITHUB}:sub`)
      if (sub.length === 0) {
        ctx.out.add('MISSING_GITHUB_REPO_CONDITION_KEY', {}, [v.path])
        continue
      }
      for (const c of sub) {
        const wide = c.values.some((s) => s.value === '*' || /^repo:[^:]*\*/.test(s.value))
        if (wide) ctx.out.add('SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', {}, [c.path])
      }
      continue
    }
    if (keys.length === 0) ctx.out.add('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', {}, [v.path])
  }
}

/** Conditions on session tags and source identities need the action that sets them. */
function checkTagActions(statement: StatementView, ctx: CheckContext): void {
  const action = statement.action
  if (action?.kind !== 'Action') return
  const has = (wanted: string) => action.values.some((a) => globMatcher(a.value).test(wanted))
  for (const c of statement.conditions) {
    const key = c.key.toLowerCase()
    let needed: string | undefined
    if (key === 'sts:sourceidentity') needed = 'sts:SetSourceIdentity'
    else if (
      key.startsWith('aws:requesttag/') ||
      key === 'aws:tagkeys' ||
      key === 'sts:transitivetagkeys'
    )
      needed = 'sts:TagSession'
    if (needed === undefined || has(needed)) continue
    const at: NodePath[] = [c.path]
    ctx.out.add('MISSING_ACTION_FOR_CONDITION_KEY', { actionName: needed, keyName: c.key }, at)
  }
}

function checkRedundantSessions(aws: readonly PathValue[], ctx: CheckContext): void {
  const roles = new Map<string, PathValue>()
  for (const v of aws) {
    const m = /^arn:([^:]+):iam::(\d{12}):role\//.exec(v.value)
    const name = v.value.slice(v.value.lastIndexOf('/') + 1)
    if (m !== null && name !== '') roles.set(`${m[1]}:${m[2]}:${name}`, v)
  }
  for (const v of aws) {
    const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(v.value)
    if (m === null) continue
    const parent = roles.get(`${m[1]}:${m[2]}:${m[3]}`)
    if (parent === undefined) continue
    ctx.out.add(
      'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY',
      { redundant_principal: v.value, parent_role: parent.value },
      [v.path],
    )
  }
}
