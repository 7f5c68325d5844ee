/**
 * A small AWS JSON 1.1 client for the admin commands: one signed POST per call, the AWS error of
 * a refused call as an {@link AwsCallError}, a server that cannot be reached as an
 * {@link UnreachableError} (both with messages fit for a terminal).
 */
import type { SigningCredentials } from './aws-credentials.ts'
import { signRequest } from './sign-request.ts'

/** The JSON 1.1 services the commands call: X-Amz-Target prefix and SigV4 signing name. */
export const JSON_SERVICES = {
  organizations: { target: 'AWSOrganizationsV20161128', signingName: 'organizations' },
  'sso-admin': { target: 'SWBExternalService', signingName: 'sso' },
  identitystore: { target: 'AWSIdentityStore', signingName: 'identitystore' },
} as const

/** One of {@link JSON_SERVICES}. */
export type JsonServiceName = keyof typeof JSON_SERVICES

/** An AWS error answered by the server. */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError'
  readonly code: string
  readonly status: number
  readonly operation: string

  constructor(code: string, message: string, status: number, operation: string) {
    super(`${operation}: ${code}${message === '' ? '' : `: ${message}`}`)
    this.code = code
    this.status = status
    this.operation = operation
  }
}

/** The server did not answer (connection refused, unknown host, timeout). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError'
}

/** What a client needs: the endpoint, credentials and region to sign with. */
export interface AwsJsonClientOptions {
  readonly endpoint: string
  readonly credentials: SigningCredentials
  readonly region: string
  /** Milliseconds before a call is abandoned (default 30 000). */
  readonly timeoutMs?: number
}

/**
 * Calls JSON 1.1 operations of one xaccess server.
 * @example
 * const client = new AwsJsonClient({ endpoint, credentials, region })
 * const { Instances } = await client.call('sso-admin', 'ListInstances', {})
 */
export class AwsJsonClient {
  readonly endpoint: string
  readonly #options: AwsJsonClientOptions

  constructor(options: AwsJsonClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '')
    this.#options = options
  }

  /** Calls `operation` of `service` with `input`; resolves to the parsed JSON answer. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async call(service: JsonServiceName, operation: string, input: object): Promise<any> {
    const { target, signingName } = JSON_SERVICES[service]
    const url = new URL(`${this.endpoint}/`)
    const body = JSON.stringify(input)
    const signed = signRequest(
      {
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `${target}.${operation}`,
        },
        body,
      },
      {
        credentials: this.#options.credentials,
        region: this.#options.region,
        service: signingName,
      },
    )
    const { host: _host, ...headers } = signed
    let response: Response
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      })
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause
      const why = cause?.code ?? cause?.message ?? (e as Error).message
      throw new UnreachableError(
        `cannot reach the xaccess server at ${this.endpoint} (${why}): is 'xaccess serve' ` +
          `running there? (--endpoint-url sets the address)`,
      )
    }
    const text = await response.text()
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let json: any
    try {
      json = text === '' ? {} : JSON.parse(text)
    } catch {
      throw new AwsCallError(
        'InvalidResponse',
        `not an AWS JSON answer (HTTP ${response.status}) from ${this.endpoint}: is it an xaccess server?`,
        response.status,
        operation,
      )
    }
    if (response.ok) return json
    const rawType = String(response.headers.get('x-amzn-errortype') ?? json.__type ?? 'Unknown')
    const code = rawType.split(':')[0]!.split('#').pop()!
    const message = String(json.message ?? json.Message ?? '')
    throw new AwsCallError(code, message, response.status, operation)
  }

  /**
   * Every item of a paginated operation: calls it with `NextToken` until none is returned and
   * concatenates the `member` list of each page.
   */
  async all<T>(
    service: JsonServiceName,
    operation: string,
    input: object,
    member: string,
  ): Promise<T[]> {
    const items: T[] = []
    let nextToken: string | undefined
    do {
      const page = await this.call(service, operation, {
        ...input,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      })
      items.push(...((page[member] ?? []) as T[]))
      nextToken =
        typeof page.NextToken === 'string' && page.NextToken !== '' ? page.NextToken : undefined
    } while (nextToken !== undefined)
    return items
  }
}
