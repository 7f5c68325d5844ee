/**
 * The AWS query protocol (IAM, STS): form-encoded requests in, XML responses and errors out.
 */
export {
  nestQueryParams,
  parseFormBody,
  parseQueryRequest,
  queryList,
  queryString,
  type FormParseResult,
  type QueryObject,
  type QueryRequestResult,
  type QueryValue,
} from './parse-query-body.ts'
export {
  encodeQueryError,
  encodeQueryResponse,
  QUERY_CONTENT_TYPE,
  QUERY_NAMESPACES,
  type QueryResponseInput,
} from './encode-query-response.ts'
export { escapeXml, formatXmlDate, writeXmlElement, type XmlValue } from './xml-writer.ts'
