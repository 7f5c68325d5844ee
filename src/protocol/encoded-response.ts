/**
 * A response as bytes to send: what every encoder in `src/protocol` returns. The server copies it
 * onto its HTTP response unchanged. Header names are lower case.
 */
export interface EncodedResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}
