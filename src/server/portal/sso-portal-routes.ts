/**
 * The sso portal API over HTTP (rest-json): the access token in `x-amz-sso_bearer_token`,
 * parameters in the query string (`account_id`, `role_name`, `max_result`, `next_token`).
 */
import type { SsoPortalApi } from '../../domain/identity-center/portal/index.ts'
import { ssoPortalErrors } from '../../domain/identity-center/portal/index.ts'
import {
  encodeRestJsonError,
  encodeRestJsonResponse,
  type EncodedResponse,
} from '../../protocol/index.ts'
import { header } from './http-exchange.ts'
import { SSO_PORTAL_PATHS } from './identity-center-paths.ts'
import { toAwsError, type RouteContext } from './route-context.ts'

/** Handles one sso portal request. */
export async function handleSsoPortal(
  api: SsoPortalApi,
  ctx: RouteContext,
): Promise<EncodedResponse> {
  try {
    const route = SSO_PORTAL_PATHS[ctx.pathname]
    if (route === undefined || route.method !== ctx.method) {
      throw ssoPortalErrors.invalid(`Unsupported operation: ${ctx.method} ${ctx.pathname}`)
    }
    const token = header(ctx.req, 'x-amz-sso_bearer_token')
    const q = (name: string) => ctx.query.get(name) ?? undefined
    const page = { maxResults: q('max_result'), nextToken: q('next_token') }
    const output =
      route.operation === 'ListAccounts'
        ? await api.listAccounts(token, page, ctx.now, ctx.events)
        : route.operation === 'ListAccountRoles'
          ? await api.listAccountRoles(token, q('account_id'), page, ctx.now, ctx.events)
          : route.operation === 'GetRoleCredentials'
            ? await api.getRoleCredentials(
                token,
                q('role_name'),
                q('account_id'),
                ctx.now,
                ctx.events,
              )
            : await api.logout(token, ctx.now, ctx.events)
    return encodeRestJsonResponse(output, ctx.requestId)
  } catch (error) {
    const aws = toAwsError(error)
    if (aws === undefined) throw error
    return encodeRestJsonError(aws, ctx.requestId)
  }
}
