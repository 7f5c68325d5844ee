/**
 * rest-json helpers (sso portal, sso-oidc, access-analyzer): JSON bodies in, JSON and errors out.
 * Routing by method and path belongs to the server.
 */
export {
  encodeRestJsonError,
  encodeRestJsonResponse,
  parseRestJsonBody,
  REST_JSON_CONTENT_TYPE,
  type RestJsonBodyResult,
} from './rest-json.ts'
