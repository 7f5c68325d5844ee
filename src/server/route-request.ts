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
}

export type Route =
  | { readonly kind: 'health' }
  | { readonly kind: 'json'; readonly service: string; readonly operation: string }
  | { readonly kind: 'rest-json'; readonly service: string; readonly operation: string }
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
