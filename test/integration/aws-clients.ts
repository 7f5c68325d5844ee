/**
 * The real AWS SDK v3 clients pointed at a test server, an assertion for AWS-shaped errors, and a
 * raw SigV4-signed request for what the SDK refuses to send.
 */
import assert from 'node:assert/strict'
import { Sha256 } from '@aws-crypto/sha256-js'
import { IAMClient } from '@aws-sdk/client-iam'
import { IdentitystoreClient } from '@aws-sdk/client-identitystore'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { SSOAdminClient } from '@aws-sdk/client-sso-admin'
import { STSClient } from '@aws-sdk/client-sts'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'

/** Credentials as the SDK takes them. */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** One client per service, all signed with `credentials`. */
export interface Clients {
  readonly iam: IAMClient
  readonly sts: STSClient
  readonly org: OrganizationsClient
  /** IAM Identity Center's identity store. */
  readonly identitystore: IdentitystoreClient
  /** IAM Identity Center's administration (permission sets, assignments). */
  readonly ssoAdmin: SSOAdminClient
}

/** SDK clients for `endpoint`; no retries, so a failure shows on the first answer. */
export function clientsFor(endpoint: string, credentials: Credentials): Clients {
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 10_000 },
  }
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    org: new OrganizationsClient(config),
    identitystore: new IdentitystoreClient(config),
    ssoAdmin: new SSOAdminClient(config),
  }
}

/** What an AWS error must look like. */
export interface ExpectedError {
  readonly name: string
  readonly status: number
  /** Exact message, or a pattern it must match. */
  readonly message?: string | RegExp
}

interface SdkError {
  readonly name: string
  readonly message: string
  readonly $metadata?: { httpStatusCode?: number; requestId?: string }
}

/** Awaits `promise`, which must reject with `expected`; returns the error for further checks. */
export async function expectAwsError(
  promise: Promise<unknown>,
  expected: ExpectedError,
): Promise<SdkError> {
  let error: SdkError | undefined
  try {
    await promise
  } catch (e) {
    error = e as SdkError
  }
  assert.ok(error, `expected ${expected.name}, but the call succeeded`)
  const seen = `${error.name} (${error.$metadata?.httpStatusCode}): ${error.message}`
  assert.equal(error.name, expected.name, seen)
  assert.equal(error.$metadata?.httpStatusCode, expected.status, seen)
  if (typeof expected.message === 'string') assert.equal(error.message, expected.message, seen)
  else if (expected.message !== undefined) assert.match(error.message, expected.message, seen)
  assert.ok(error.$metadata?.requestId, `no request id: ${seen}`)
  return error
}

/** A raw request: a query form body (IAM, STS) or a JSON 1.1 target (Organizations). */
export interface RawRequest {
  readonly service: 'iam' | 'sts' | 'organizations'
  readonly body: string
  /** `X-Amz-Target` for JSON services, e.g. `AWSOrganizationsV20161128.ListRoots`. */
  readonly target?: string
  readonly credentials?: Credentials
  /** The signing time (default now). */
  readonly signingDate?: Date
  /** Sign with this secret instead of the credentials' one. */
  readonly signingSecret?: string
  /** Edits the signed headers just before sending (e.g. to break the signature). */
  readonly tamper?: (headers: Record<string, string>) => void
  /** Send without any signature. */
  readonly unsigned?: boolean
}

/** The answer to a raw request. */
export interface RawResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

/** Signs (unless `unsigned`) and sends `request` to `endpoint`. */
export async function sendRaw(endpoint: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(endpoint)
  const json = request.target !== undefined
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': json
      ? 'application/x-amz-json-1.1'
      : 'application/x-www-form-urlencoded; charset=utf-8',
  }
  if (json) headers['x-amz-target'] = request.target!
  let signed = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers,
    body: request.body,
  })
  if (request.unsigned !== true) {
    const credentials = request.credentials
    assert.ok(credentials, 'a signed raw request needs credentials')
    const signer = new SignatureV4({
      service: request.service,
      region: 'us-east-1',
      sha256: Sha256,
      credentials: {
        ...credentials,
        secretAccessKey: request.signingSecret ?? credentials.secretAccessKey,
      },
    })
    const signingDate = request.signingDate ?? new Date()
    signed = (await signer.sign(signed, { signingDate })) as unknown as HttpRequest
  }
  const sent = { ...signed.headers }
  request.tamper?.(sent)
  delete sent.host
  const response = await fetch(`${url.origin}/`, {
    method: 'POST',
    headers: sent,
    body: request.body,
  })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** The code of a query-protocol XML error (`<Code>…</Code>`), or a JSON error's `__type`. */
export function errorCode(response: RawResponse): string | undefined {
  const xml = /<Code>([^<]*)<\/Code>/.exec(response.text)
  if (xml) return xml[1]
  try {
    const body = JSON.parse(response.text) as { __type?: string }
    return body.__type?.split('#').pop()
  } catch {
    return undefined
  }
}

/** A form body from pairs, as the query protocol sends it. */
export function form(params: Readonly<Record<string, string>>): string {
  return new URLSearchParams(params).toString()
}

/**
 * Creates a member account through Organizations and waits until it exists; returns its id.
 * @example const member = await createMemberAccount(root.org, 'Dev', 'dev@example.com')
 */
export async function createMemberAccount(
  org: OrganizationsClient,
  name: string,
  email: string,
): Promise<string> {
  const created = await org.send(new CreateAccountCommand({ AccountName: name, Email: email }))
  for (;;) {
    const { CreateAccountStatus: s } = await org.send(
      new DescribeCreateAccountStatusCommand({
        CreateAccountRequestId: created.CreateAccountStatus!.Id!,
      }),
    )
    if (s?.State === 'SUCCEEDED') return s.AccountId!
    assert.equal(s?.State, 'IN_PROGRESS', s?.FailureReason)
  }
}
