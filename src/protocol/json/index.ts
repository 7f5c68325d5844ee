/**
 * The AWS JSON 1.1 protocol (Organizations, Identity Center admin, identity store, CloudTrail):
 * routing by `X-Amz-Target`, JSON bodies, errors as `__type` and `x-amzn-ErrorType`.
 */
export {
  parseJsonRequest,
  parseJsonTarget,
  type JsonObject,
  type JsonRequestResult,
  type JsonTarget,
} from './parse-json-request.ts'
export {
  encodeJsonError,
  encodeJsonResponse,
  JSON_1_1_CONTENT_TYPE,
  toJsonValue,
  type JsonErrorOptions,
} from './encode-json-response.ts'
