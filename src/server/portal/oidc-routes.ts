/** sso-oidc over HTTP (rest-json): RegisterClient, StartDeviceAuthorization, CreateToken. */
import type { OidcService } from '../../domain/identity-center/oidc/index.ts'
import { oidcErrors } from '../../domain/identity-center/oidc/index.ts'
import {
  encodeRestJsonError,
  encodeRestJsonResponse,
  parseRestJsonBody,
  type EncodedResponse,
} from '../../protocol/index.ts'
import { OIDC_PATHS } from './identity-center-paths.ts'
import { toAwsError, type RouteContext } from './route-context.ts'

/** Handles one sso-oidc request; errors come back encoded, never thrown (but for bugs). */
export async function handleOidc(
  oidc: OidcService,
  ctx: RouteContext,
  portalUrl: string,
): Promise<EncodedResponse> {
  try {
    const operation = OIDC_PATHS[ctx.pathname]
    if (ctx.method !== 'POST' || operation === undefined || ctx.query.has('aws_iam')) {
      throw oidcErrors.invalidRequest(`Unsupported operation: ${ctx.method} ${ctx.pathname}`)
    }
    const parsed = parseRestJsonBody(ctx.body)
    if (!parsed.ok)
      throw oidcErrors.invalidRequest('Invalid request: the body must be a JSON object')
    const input = parsed.input
    const output =
      operation === 'RegisterClient'
        ? await oidc.registerClient(input, ctx.now, ctx.events)
        : operation === 'StartDeviceAuthorization'
          ? await oidc.startDeviceAuthorization(input, portalUrl, ctx.now, ctx.events)
          : await oidc.createToken(input, ctx.now, ctx.events)
    return encodeRestJsonResponse(output, ctx.requestId)
  } catch (error) {
    const aws = toAwsError(error)
    if (aws === undefined) throw error
    return encodeRestJsonError(aws, ctx.requestId)
  }
}
