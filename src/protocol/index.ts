/**
 * `src/protocol`: pure wire codecs. SigV4 verification, the AWS query protocol (form in, XML out),
 * JSON 1.1, rest-json, and the AWS error shape they share. No HTTP server here: the server layer
 * calls these with the raw request parts and writes the {@link EncodedResponse}s they return.
 */
export * from './aws-error.ts'
export type { EncodedResponse } from './encoded-response.ts'
export * from './sigv4/index.ts'
export * from './query/index.ts'
export * from './json/index.ts'
export * from './rest-json/index.ts'
