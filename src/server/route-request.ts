/**
 * Which service and protocol a request is for, from what real clients send (ARCHITECTURE.md,
 * "What real clients send"): JSON services by their `X-Amz-Target` prefix, query services (IAM,
 * STS) by a form POST to `/` whose signing scope names the service.
 */
import { identityCenterFamily } from './portal/identity-center-paths.ts'

/** JSON 1.1 target prefixes and the service each names. */
export const JSON_TARGET_PREFIXES: Readonly<Record<string, string>> = {
  AWSOrganizationsV20161128: 'organizations',
  SWBExternalService: 'sso-admin',
  AWSIdentityStore: 'identitystore',
  CloudTrail_20131101: 'cloudtrail',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
}

/** Signed rest-json routes (`METHOD /path`) and the service and operation each names. */
export const REST_JSON_ROUTES: Readonly<
  Record<string, readonly [service: string, operation: string]>
> = {
  'POST /policy/validation': ['access-analyzer', 'ValidatePolicy'],
  'POST /policy/check-no-new-access': ['access-analyzer', 'CheckNoNewAccess'],
  'POST /policy/check-access-not-granted': ['access-analyzer', 'CheckAccessNotGranted'],
  'POST /policy/check-no-public-access': ['access-analyzer', 'CheckNoPublicAccess'],
  'PUT /analyzer': ['access-analyzer', 'CreateAnalyzer'],
  'GET /analyzer': ['access-analyzer', 'ListAnalyzers'],
  'PUT /archive-rule': ['access-analyzer', 'ApplyArchiveRule'],
  'POST /finding': ['access-analyzer', 'ListFindings'],
  'PUT /finding': ['access-analyzer', 'UpdateFindings'],
  'POST /findingv2': ['access-analyzer', 'ListFindingsV2'],
  'POST /analyzed-resource': ['access-analyzer', 'ListAnalyzedResources'],
  'GET /analyzed-resource': ['access-analyzer', 'GetAnalyzedResource'],
  'POST /resource/scan': ['access-analyzer', 'StartResourceScan'],
}

/**
 * Signed rest-json routes with path members (`{analyzerName}`), tried after the exact routes.
 * Each segment in braces matches one non-empty segment, URL-decoded into that member.
 */
export const REST_JSON_TEMPLATES: readonly (readonly [
  route: string,
  service: string,
  operation: string,
])[] = [
  ['GET /analyzer/{analyzerName}', 'access-analyzer', 'GetAnalyzer'],
  ['PUT /analyzer/{analyzerName}', 'access-analyzer', 'UpdateAnalyzer'],
  ['DELETE /analyzer/{analyzerName}', 'access-analyzer', 'DeleteAnalyzer'],
  ['PUT /analyzer/{analyzerName}/archive-rule', 'access-analyzer', 'CreateArchiveRule'],
  ['GET /analyzer/{analyzerName}/archive-rule', 'access-analyzer', 'ListArchiveRules'],
  ['GET /analyzer/{analyzerName}/archive-rule/{ruleName}', 'access-analyzer', 'GetArchiveRule'],
  ['PUT /analyzer/{analyzerName}/archive-rule/{ruleName}', 'access-analyzer', 'UpdateArchiveRule'],
  [
    'DELETE /analyzer/{analyzerName}/archive-rule/{ruleName}',
    'access-analyzer',
    'DeleteArchiveRule',
  ],
  ['GET /finding/{id}', 'access-analyzer', 'GetFinding'],
  ['GET /findingv2/{id}', 'access-analyzer', 'GetFindingV2'],
]

/** Matches `pathname` against `METHOD /a/{b}` templates; the path members on success. */
function matchTemplate(
  method: string,
  pathname: string,
): { service: string; operation: string; params: Record<string, string> } | undefined {
  const segments = pathname.split('/')
  for (const [route, service, operation] of REST_JSON_TEMPLATES) {
    const space = route.indexOf(' ')
    if (route.slice(0, space) !== method) continue
    const parts = route.slice(space + 1).split('/')
    if (parts.length !== segments.length) continue
    const params: Record<string, string> = {}
    let ok = true
    for (let i = 0; ok && i < parts.length; i++) {
      const part = parts[i]!
      const segment = segments[i]!
      if (part.startsWith('{') && part.endsWith('}') && segment !== '') {
        try {
          params[part.slice(1, -1)] = decodeURIComponent(segment)
        } catch {
          ok = false
        }
      } else ok = part === segment
    }
    if (ok) return { service, operation, params }
  }
  return undefined
}

export type Route =
  | { readonly kind: 'health' }
  | { readonly kind: 'json'; readonly service: string; readonly operation: string }
  | {
      readonly kind: 'rest-json'
      readonly service: string
      readonly operation: string
      /** Path members of a templated route (`{analyzerName}`). */
      readonly params?: Readonly<Record<string, string>>
    }
  | { readonly kind: 'query' }
  // Identity Center (issue 4): unsigned sso-oidc, sso portal and /portal/api/ routes.
  | { readonly kind: 'identity-center' }
  | { readonly kind: 'not-found' }

/** Routes a request from its method, path and `X-Amz-Target`. */
export function routeRequest(method: string, path: string, target: string | undefined): Route {
  const pathname = path.split('?', 1)[0] ?? '/'
  if (method === 'GET' && (pathname === '/health' || pathname === '/health/'))
    return { kind: 'health' }
  // Identity Center (issue 4): these paths are unsigned and carry no X-Amz-Target.
  if (target === undefined && identityCenterFamily(pathname) !== undefined)
    return { kind: 'identity-center' }
  const rest = target === undefined ? REST_JSON_ROUTES[`${method} ${pathname}`] : undefined
  if (rest !== undefined) return { kind: 'rest-json', service: rest[0], operation: rest[1] }
  const templated = target === undefined ? matchTemplate(method, pathname) : undefined
  if (templated !== undefined) return { kind: 'rest-json', ...templated }
  if (target !== undefined) {
    const dot = target.lastIndexOf('.')
    const prefix = dot < 0 ? target : target.slice(0, dot)
    const service = JSON_TARGET_PREFIXES[prefix]
    if (service !== undefined) return { kind: 'json', service, operation: target.slice(dot + 1) }
    return { kind: 'not-found' }
  }
  if (pathname === '/' && (method === 'POST' || method === 'GET')) return { kind: 'query' }
  return { kind: 'not-found' }
}
