import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Sha256 } from '@aws-crypto/sha256-js'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { Buffer } from 'node:buffer'
import { buildCanonicalRequest } from './canonical-request.ts'
import { headerValue } from './raw-headers.ts'
import { buildStringToSign, deriveSigningKey, sha256Hex, signatureOf } from './signing-key.ts'
import {
  verifySigV4,
  type SecretLookup,
  type SecretLookupContext,
  type SigV4Request,
  type VerifySigV4Options,
} from './verify-sigv4.ts'

const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const SIGNED_AT = new Date('2024-05-01T12:00:00Z')

interface TestRequest {
  readonly method?: string
  readonly hostname?: string
  readonly port?: number
  readonly path?: string
  readonly query?: Record<string, string | string[]>
  readonly headers?: Record<string, string>
  readonly body?: string
}

interface SignOptions {
  readonly service: string
  readonly region?: string
  readonly sessionToken?: string
  readonly secret?: string
  readonly presign?: boolean
  readonly signingDate?: Date
}

const escapeUri = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())

/** The request target as node-http-handler writes it: path, then `?` and the escaped query. */
function requestTarget(path: string, query: Record<string, string | string[] | null>): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(query)) {
    if (value === null) continue
    for (const v of Array.isArray(value) ? value : [value])
      parts.push(`${escapeUri(key)}=${escapeUri(v)}`)
  }
  return parts.length > 0 ? `${path}?${parts.join('&')}` : path
}

/** Signs `req` with `@smithy/signature-v4` and returns what the server would receive. */
async function signWithSdk(req: TestRequest, options: SignOptions): Promise<SigV4Request> {
  const hostname = req.hostname ?? 'localhost'
  const host = req.port === undefined ? hostname : `${hostname}:${req.port}`
  const request = new HttpRequest({
    method: req.method ?? 'POST',
    protocol: 'http:',
    hostname,
    ...(req.port === undefined ? {} : { port: req.port }),
    path: req.path ?? '/',
    query: req.query ?? {},
    headers: { host, ...(req.headers ?? {}) },
    ...(req.body === undefined ? {} : { body: req.body }),
  })
  const signer = new SignatureV4({
    service: options.service,
    region: options.region ?? 'us-east-1',
    sha256: Sha256,
    credentials: {
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: options.secret ?? SECRET,
      ...(options.sessionToken === undefined ? {} : { sessionToken: options.sessionToken }),
    },
  })
  const signingDate = options.signingDate ?? SIGNED_AT
  const signed = options.presign
    ? await signer.presign(request, { signingDate, expiresIn: 900 })
    : await signer.sign(request, { signingDate })
  return {
    method: signed.method,
    path: requestTarget(signed.path, signed.query as Record<string, string | string[] | null>),
    headers: Object.entries(signed.headers as Record<string, string>),
    body: req.body ?? '',
  }
}

const NOW = new Date(SIGNED_AT.getTime() + 60_000)
const lookupSecret: SecretLookup = async (id) => (id === ACCESS_KEY_ID ? SECRET : undefined)
const verify = (req: SigV4Request, extra: Partial<VerifySigV4Options> = {}) =>
  verifySigV4(req, { lookupSecret, now: NOW, ...extra })

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
const JSON11 = { 'content-type': 'application/x-amz-json-1.1' }

async function expectOk(req: SigV4Request, extra: Partial<VerifySigV4Options> = {}) {
  const result = await verify(req, extra)
  if (!result.ok)
    assert.fail(`${result.error.code}: ${result.error.message}\n${result.canonicalRequest}`)
  return result
}

async function expectError(
  req: SigV4Request,
  code: string,
  message: string | RegExp,
  extra: Partial<VerifySigV4Options> = {},
) {
  const result = await verify(req, extra)
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.equal(result.error.code, code)
  if (typeof message === 'string') assert.equal(result.error.message, message)
  else assert.match(result.error.message, message)
  return result
}

function withHeader(req: SigV4Request, name: string, value: string | undefined): SigV4Request {
  const headers = (req.headers as ReadonlyArray<readonly [string, string]>).filter(
    ([k]) => k.toLowerCase() !== name.toLowerCase(),
  )
  return { ...req, headers: value === undefined ? headers : [...headers, [name, value]] }
}

const authOf = (req: SigV4Request) =>
  (req.headers as ReadonlyArray<readonly [string, string]>).find(
    ([k]) => k.toLowerCase() === 'authorization',
  )?.[1] ?? ''

describe('verifySigV4 accepts what the SDK signs', () => {
  it('an STS form POST (service and region from the scope)', async () => {
    const req = await signWithSdk(
      { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      { service: 'sts', region: 'eu-west-3' },
    )
    const result = await expectOk(req)
    assert.equal(result.accessKeyId, ACCESS_KEY_ID)
    assert.equal(result.region, 'eu-west-3')
    assert.equal(result.service, 'sts')
    assert.equal(result.presigned, false)
    assert.deepEqual(result.signedHeaders, [
      'content-type',
      'host',
      'x-amz-content-sha256',
      'x-amz-date',
    ])
    assert.equal(result.securityToken, undefined)
  })

  it('an IAM form POST with odd characters in the body and a port in host', async () => {
    const body =
      'Action=TagRole&Version=2010-05-08&RoleName=r&Tags.member.1.Key=k%20%2B%26%3D&Tags.member.1.Value=%E2%82%AC+x'
    const req = await signWithSdk({ headers: FORM, body, port: 4599 }, { service: 'iam' })
    assert.equal(headerValue(req.headers, 'host'), 'localhost:4599')
    await expectOk(req)
  })

  it('an Organizations JSON 1.1 call, reporting failures in the json dialect', async () => {
    const req = await signWithSdk(
      {
        headers: { ...JSON11, 'x-amz-target': 'AWSOrganizationsV20161128.DescribeOrganization' },
        body: '{}',
      },
      { service: 'organizations' },
    )
    await expectOk(req, { expectedService: 'organizations' })
    await expectError(
      req,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      { lookupSecret: () => undefined },
    )
  })

  it('a query string with reserved, unicode and repeated parameters', async () => {
    const req = await signWithSdk(
      {
        method: 'GET',
        query: {
          Action: 'ListUsers',
          'a b': ['z', 'a', 'm+n'],
          tilde: "~!*'()",
          uni: 'é€',
          empty: '',
        },
      },
      { service: 'iam' },
    )
    await expectOk(req)
  })

  it('odd characters, dot segments and double slashes in the path (rest-json style)', async () => {
    for (const path of ['/policy/a%20b/%E2%82%AC/c%2Fd', '/x//y/./z/../w/', '/a:b@c$d=e', '/']) {
      const req = await signWithSdk({ method: 'GET', path }, { service: 'access-analyzer' })
      await expectOk(req)
    }
  })

  it('repeated headers, joined with "," after trimming and folding each value', async () => {
    const signed = await signWithSdk(
      { headers: { ...FORM, 'x-amz-meta': 'a,b c' }, body: 'Action=GetCallerIdentity' },
      { service: 'sts' },
    )
    const pairs = (signed.headers as ReadonlyArray<readonly [string, string]>).filter(
      ([k]) => k !== 'x-amz-meta',
    )
    const req = {
      ...signed,
      headers: [...pairs, ['X-Amz-Meta', ' a '], ['x-amz-meta', 'b \t  c']] as const,
    }
    await expectOk(req as SigV4Request)
    // The same as a Node-style header map with a list value.
    const map: Record<string, string | string[]> = Object.fromEntries(pairs)
    map['x-amz-meta'] = ['a', 'b   c']
    await expectOk({ ...signed, headers: map })
  })

  it('a session token, returned to the caller and passed to the lookup', async () => {
    const req = await signWithSdk(
      { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      { service: 'sts', sessionToken: 'FwoGZXIvYXdzE/token+with=odd' },
    )
    let seen: SecretLookupContext | undefined
    const result = await expectOk(req, {
      lookupSecret: (_id, ctx) => {
        seen = ctx
        return SECRET
      },
    })
    assert.equal(result.securityToken, 'FwoGZXIvYXdzE/token+with=odd')
    assert.deepEqual(seen, {
      region: 'us-east-1',
      service: 'sts',
      securityToken: 'FwoGZXIvYXdzE/token+with=odd',
    })
  })

  it('a presigned STS GetCallerIdentity URL (with a session token)', async () => {
    const req = await signWithSdk(
      { method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } },
      { service: 'sts', presign: true, sessionToken: 'tok/en=' },
    )
    assert.match(req.path, /X-Amz-Signature=/)
    assert.equal(authOf(req), '')
    const result = await expectOk(req)
    assert.equal(result.presigned, true)
    assert.equal(result.securityToken, 'tok/en=')
  })

  it('a Date header instead of X-Amz-Date', async () => {
    const amzDate = '20240501T120000Z'
    const canonicalRequest = buildCanonicalRequest({
      method: 'POST',
      rawPath: '/',
      query: [],
      headers: [
        ['Host', 'localhost'],
        ['Date', 'Wed, 01 May 2024 12:00:00 GMT'],
      ],
      signedHeaders: ['date', 'host'],
      payloadHash: sha256Hex('Action=GetCallerIdentity'),
      doubleEncodePath: true,
    })
    const sts = buildStringToSign(amzDate, '20240501/us-east-1/sts/aws4_request', canonicalRequest)
    const signature = signatureOf(deriveSigningKey(SECRET, '20240501', 'us-east-1', 'sts'), sts)
    const req: SigV4Request = {
      method: 'POST',
      path: '/',
      headers: [
        ['Host', 'localhost'],
        ['Date', 'Wed, 01 May 2024 12:00:00 GMT'],
        [
          'Authorization',
          `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240501/us-east-1/sts/aws4_request, SignedHeaders=date;host, Signature=${signature}`,
        ],
      ],
      body: Buffer.from('Action=GetCallerIdentity'),
    }
    await expectOk(req)
  })
})

describe('the AWS documentation example (IAM ListUsers, 2015-08-30)', () => {
  it('verifies the published signature', async () => {
    const req: SigV4Request = {
      method: 'GET',
      path: '/?Action=ListUsers&Version=2010-05-08',
      headers: [
        ['Host', 'iam.amazonaws.com'],
        ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
        ['X-Amz-Date', '20150830T123600Z'],
        [
          'Authorization',
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
            'SignedHeaders=content-type;host;x-amz-date, ' +
            'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
        ],
      ],
      body: '',
    }
    const result = await verifySigV4(req, {
      lookupSecret: (id) => (id === 'AKIDEXAMPLE' ? SECRET : undefined),
      now: new Date('2015-08-30T12:40:00Z'),
    })
    assert.equal(result.ok, true)
  })
})

describe('verifySigV4 refuses, with AWS codes and wording', () => {
  const stsCall = () =>
    signWithSdk(
      { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      { service: 'sts' },
    )

  it('no Authorization header: MissingAuthenticationToken', async () => {
    const req = withHeader(await stsCall(), 'authorization', undefined)
    const result = await expectError(
      req,
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    )
    assert.equal(result?.error.httpStatus, 403)
    const json = withHeader(req, 'x-amz-target', 'AWSOrganizationsV20161128.ListRoots')
    await expectError(
      json,
      'MissingAuthenticationTokenException',
      'Request is missing Authentication Token',
    )
    await expectError(
      withHeader(req, 'Authorization', 'Bearer abc'),
      'MissingAuthenticationToken',
      /missing/,
    )
  })

  it('missing Authorization parts: IncompleteSignature listing each, then the header', async () => {
    const req = withHeader(
      withHeader(await stsCall(), 'x-amz-date', undefined),
      'Authorization',
      'AWS4-HMAC-SHA256 Credential=AKID/x',
    )
    const result = await expectError(
      req,
      'IncompleteSignature',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=AWS4-HMAC-SHA256 Credential=AKID/x',
    )
    assert.equal(result?.error.httpStatus, 400)
    await expectError(
      withHeader(req, 'authorization', 'AWS4-HMAC-SHA256'),
      'IncompleteSignature',
      /^Authorization header requires 'Credential' parameter\. Authorization header requires 'Signature' parameter\./,
    )
  })

  it('a component without "=": IncompleteSignature naming it', async () => {
    const req = withHeader(
      await stsCall(),
      'Authorization',
      'AWS4-HMAC-SHA256 Credential=AKID /20240501/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc',
    )
    await expectError(
      req,
      'IncompleteSignature',
      "'/20240501/us-east-1/sts/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: " +
        "'AWS4-HMAC-SHA256 Credential=AKID /20240501/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc'.",
    )
  })

  it('presigned without its parameters: IncompleteSignature', async () => {
    const req: SigV4Request = {
      method: 'GET',
      path: '/?Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc',
      headers: [['host', 'localhost']],
      body: '',
    }
    await expectError(
      req,
      'IncompleteSignature',
      "AWS query-string parameters must include 'X-Amz-Credential'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
        "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    )
  })

  it('both a presigned query and an Authorization header', async () => {
    const signed = await stsCall()
    const req = { ...signed, path: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256' }
    await expectError(
      req,
      'SignatureDoesNotMatch',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    )
  })

  it('a malformed X-Amz-Date', async () => {
    const req = withHeader(await stsCall(), 'X-Amz-Date', '2024-05-01T12:00:00Z')
    await expectError(
      req,
      'IncompleteSignature',
      "Date must be in ISO-8601 'basic format'. Got '2024-05-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    )
  })

  it('a request more than 15 minutes old: SignatureDoesNotMatch (query), InvalidSignatureException (json)', async () => {
    const req = await stsCall()
    const now = new Date('2024-05-01T12:15:01Z')
    const result = await expectError(
      req,
      'SignatureDoesNotMatch',
      'Signature expired: 20240501T120000Z is now earlier than 20240501T120001Z (20240501T121501Z - 15 min.)',
      { now },
    )
    assert.equal(result?.kind, 'RequestTimeSkewed')
    assert.equal(result?.error.httpStatus, 403)
    await expectError(req, 'InvalidSignatureException', /^Signature expired: /, {
      now,
      dialect: 'json',
    })
    await expectOk(req, { now: new Date('2024-05-01T12:15:00Z') })
  })

  it('a request more than 15 minutes ahead', async () => {
    await expectError(
      await stsCall(),
      'SignatureDoesNotMatch',
      'Signature not yet current: 20240501T120000Z is still later than 20240501T115959Z (20240501T114459Z + 15 min.)',
      { now: new Date('2024-05-01T11:44:59Z') },
    )
  })

  it('host not among the signed headers', async () => {
    const req = await signWithSdk(
      { headers: FORM, body: 'Action=GetCallerIdentity' },
      { service: 'sts' },
    )
    const auth = authOf(req).replace('content-type;host;', 'content-type;')
    await expectError(
      withHeader(req, 'Authorization', auth),
      'SignatureDoesNotMatch',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    )
  })

  it('an unsupported algorithm', async () => {
    const req = await stsCall()
    await expectError(
      withHeader(req, 'Authorization', authOf(req).replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512')),
      'IncompleteSignature',
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now).",
    )
  })

  it('a credential without five parts', async () => {
    const req = await stsCall()
    await expectError(
      withHeader(
        req,
        'Authorization',
        authOf(req).replace(/Credential=[^,]+/, 'Credential=AKID/20240501/sts'),
      ),
      'IncompleteSignature',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20240501/sts'",
    )
  })

  it('a credential scope with the wrong date, terminator or service', async () => {
    const req = await stsCall()
    const scoped = (scope: string) =>
      withHeader(
        req,
        'Authorization',
        authOf(req).replace(/Credential=[^,]+/, `Credential=${ACCESS_KEY_ID}/${scope}`),
      )
    await expectError(
      scoped('20240502/us-east-1/sts/aws4_request'),
      'SignatureDoesNotMatch',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240502' != '20240501', from '20240501T120000Z'.",
    )
    await expectError(
      scoped('20240501/us-east-1/sts/aws5_request'),
      'SignatureDoesNotMatch',
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
    )
    await expectError(
      req,
      'SignatureDoesNotMatch',
      "Credential should be scoped to correct service: 'iam'.",
      {
        expectedService: 'iam',
      },
    )
  })

  it('an unknown access key: InvalidClientTokenId (403)', async () => {
    const result = await expectError(
      await stsCall(),
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      { lookupSecret: async () => undefined },
    )
    assert.equal(result?.error.httpStatus, 403)
    assert.equal(result?.error.type, 'Sender')
  })

  const MISMATCH =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

  it('a wrong secret: SignatureDoesNotMatch, with the canonical request for the log', async () => {
    const req = await signWithSdk(
      { headers: FORM, body: 'Action=GetCallerIdentity' },
      { service: 'sts', secret: 'nope' },
    )
    const result = await expectError(req, 'SignatureDoesNotMatch', MISMATCH)
    assert.equal(result?.kind, 'SignatureMismatch')
    assert.match(result?.canonicalRequest ?? '', /^POST\n\/\n\ncontent-type:/)
    await expectError(req, 'InvalidSignatureException', MISMATCH, { dialect: 'json' })
  })

  it('a tampered body, header, path, query or method', async () => {
    const req = await signWithSdk(
      {
        method: 'POST',
        path: '/a',
        query: { q: '1' },
        headers: { ...JSON11, 'x-amz-target': 'T.Op' },
        body: '{"a":1}',
      },
      { service: 'organizations' },
    )
    await expectOk(req)
    // The SDK sends x-amz-content-sha256; a body that no longer matches it fails.
    await expectError({ ...req, body: '{"a":2}' }, 'InvalidSignatureException', MISMATCH)
    const noHash = withHeader(req, 'x-amz-content-sha256', undefined)
    await expectError({ ...noHash, body: '{"a":2}' }, 'InvalidSignatureException', MISMATCH)
    await expectError(
      withHeader(req, 'x-amz-target', 'T.Other'),
      'InvalidSignatureException',
      MISMATCH,
    )
    await expectError({ ...req, path: '/b?q=1' }, 'InvalidSignatureException', MISMATCH)
    await expectError({ ...req, path: '/a?q=2' }, 'InvalidSignatureException', MISMATCH)
    await expectError({ ...req, method: 'PUT' }, 'InvalidSignatureException', MISMATCH)
    await expectError(
      withHeader(req, 'host', 'localhost:80'),
      'InvalidSignatureException',
      MISMATCH,
    )
  })

  it('a signature of the wrong length or case is refused, not thrown on', async () => {
    const req = await stsCall()
    const sig = /Signature=([0-9a-f]+)/.exec(authOf(req))?.[1] ?? ''
    await expectError(
      withHeader(req, 'Authorization', authOf(req).replace(sig, sig.slice(1))),
      'SignatureDoesNotMatch',
      MISMATCH,
    )
    await expectError(
      withHeader(req, 'Authorization', authOf(req).replace(sig, sig.toUpperCase())),
      'SignatureDoesNotMatch',
      MISMATCH,
    )
  })

  it('UNSIGNED-PAYLOAD only when allowed', async () => {
    const req = await signWithSdk(
      {
        headers: { ...FORM, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        body: 'Action=GetCallerIdentity',
      },
      { service: 'sts' },
    )
    await expectError(req, 'SignatureDoesNotMatch', MISMATCH)
    await expectOk(req, { allowUnsignedPayload: true })
  })

  it('a malformed percent escape in the query', async () => {
    const req = { ...(await stsCall()), path: '/?a=%zz' }
    await expectError(req, 'MalformedQueryString', 'Illegal hex character in escape % pattern: %zz')
  })

  it('a tampered presigned URL', async () => {
    const req = await signWithSdk(
      { method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } },
      { service: 'sts', presign: true },
    )
    await expectError(
      { ...req, path: req.path.replace('GetCallerIdentity', 'GetSessionToken') },
      'SignatureDoesNotMatch',
      MISMATCH,
    )
    await expectError(req, 'SignatureDoesNotMatch', /^Signature expired/, {
      now: new Date('2024-05-01T13:00:00Z'),
    })
  })
})
