import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetAccountSummaryCommand,
  GetRoleCommand,
  IAMClient,
  ListRoleTagsCommand,
  ListUsersCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam'
import type { IAMServiceException } from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand,
  ExpiredTokenException,
  GetCallerIdentityCommand,
  MalformedPolicyDocumentException,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts'
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http'
import { senderError } from '../aws-error.ts'
import type { EncodedResponse } from '../encoded-response.ts'
import { encodeQueryError, encodeQueryResponse, QUERY_NAMESPACES } from './encode-query-response.ts'
import {
  nestQueryParams,
  parseFormBody,
  parseQueryRequest,
  queryList,
  queryString,
} from './parse-query-body.ts'

/** Client options whose transport answers `response` and records the request the SDK built. */
function replying(response: EncodedResponse, sent: HttpRequest[] = []) {
  return {
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        sent.push(request)
        return {
          response: new HttpResponse({
            statusCode: response.status,
            headers: { ...response.headers },
            body: Buffer.from(response.body, 'utf8'),
          }),
        }
      },
    },
  }
}

const REQUEST_ID = 'c6104cbe-af31-11e0-8154-cbc7ccf896c7'
const empty = encodeQueryResponse({
  action: 'X',
  namespace: QUERY_NAMESPACES.iam,
  requestId: REQUEST_ID,
})

async function sdkBody(
  run: (options: ReturnType<typeof replying>) => Promise<unknown>,
): Promise<string> {
  const sent: HttpRequest[] = []
  await run(replying(empty, sent)).catch(() => undefined)
  return String(sent[0].body)
}

describe('parseQueryRequest reads what the SDK sends', () => {
  it('STS AssumeRole with policy ARNs, tags and transitive keys', async () => {
    const body = await sdkBody((o) =>
      new STSClient(o).send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111111111111:role/app',
          RoleSessionName: 's@1',
          DurationSeconds: 900,
          PolicyArns: [
            { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
            { arn: 'arn:aws:iam::1:policy/p' },
          ],
          Tags: [
            { Key: 'team', Value: 'a b+c&d=e' },
            { Key: 'cost', Value: '€' },
          ],
          TransitiveTagKeys: ['team'],
          Policy: '{"Version":"2012-10-17"}',
        }),
      ),
    )
    const parsed = parseQueryRequest(body)
    assert.ok(parsed.ok)
    assert.equal(parsed.action, 'AssumeRole')
    assert.equal(parsed.version, '2011-06-15')
    assert.deepEqual(parsed.params, {
      RoleArn: 'arn:aws:iam::111111111111:role/app',
      RoleSessionName: 's@1',
      PolicyArns: [
        { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
        { arn: 'arn:aws:iam::1:policy/p' },
      ],
      Policy: '{"Version":"2012-10-17"}',
      DurationSeconds: '900',
      Tags: [
        { Key: 'team', Value: 'a b+c&d=e' },
        { Key: 'cost', Value: '€' },
      ],
      TransitiveTagKeys: ['team'],
    })
  })

  it('IAM CreateRole with an empty tag list (sent as "Tags=")', async () => {
    const body = await sdkBody((o) =>
      new IAMClient(o).send(
        new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{}', Tags: [] }),
      ),
    )
    const parsed = parseQueryRequest(body)
    assert.ok(parsed.ok)
    assert.equal(parsed.params.Tags, '')
    assert.deepEqual(queryList(parsed.params.Tags), [])
    assert.equal(queryString(parsed.params.RoleName), 'r')
  })

  it('IAM AttachRolePolicy', async () => {
    const body = await sdkBody((o) =>
      new IAMClient(o).send(
        new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/A' }),
      ),
    )
    const parsed = parseQueryRequest(body)
    assert.ok(parsed.ok)
    assert.deepEqual(parsed, {
      ok: true,
      action: 'AttachRolePolicy',
      version: '2010-05-08',
      params: { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/A' },
    })
  })
})

describe('nestQueryParams', () => {
  it('maps (entry.N.key/value), flattened lists, gaps and out-of-order indexes', () => {
    assert.deepEqual(
      nestQueryParams([
        ['Attributes.entry.2.key', 'b'],
        ['Attributes.entry.2.value', '2'],
        ['Attributes.entry.1.key', 'a'],
        ['Attributes.entry.1.value', '1'],
        ['Ids.3', 'z'],
        ['Ids.1', 'x'],
        ['Nested.Inner.member.1.Deep.member.1', 'd'],
      ]),
      {
        Attributes: { a: '1', b: '2' },
        Ids: ['x', 'z'],
        Nested: { Inner: [{ Deep: ['d'] }] },
      },
    )
  })
  it('children win over a bare value', () => {
    assert.deepEqual(
      nestQueryParams([
        ['Tags', ''],
        ['Tags.member.1.Key', 'k'],
      ]),
      { Tags: [{ Key: 'k' }] },
    )
  })
  it('form decoding: + is a space, escapes are UTF-8, bad escapes are refused', () => {
    const form = parseFormBody('a=x+y%2B%E2%82%AC&b&c=')
    assert.deepEqual(form, {
      ok: true,
      pairs: [
        ['a', 'x y+€'],
        ['b', ''],
        ['c', ''],
      ],
    })
    const bad = parseFormBody('a=%G1')
    assert.equal(bad.ok, false)
    if (!bad.ok) assert.equal(bad.error.code, 'MalformedQueryString')
  })
})

describe('encodeQueryResponse, read back by the real SDK', () => {
  it('STS GetCallerIdentity: exact XML and the parsed output', async () => {
    const response = encodeQueryResponse({
      action: 'GetCallerIdentity',
      namespace: QUERY_NAMESPACES.sts,
      requestId: REQUEST_ID,
      result: {
        UserId: 'AIDAEXAMPLE',
        Account: '111111111111',
        Arn: 'arn:aws:iam::111111111111:user/alice',
      },
    })
    assert.equal(
      response.body,
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <GetCallerIdentityResult>\n' +
        '    <UserId>AIDAEXAMPLE</UserId>\n' +
        '    <Account>111111111111</Account>\n' +
        '    <Arn>arn:aws:iam::111111111111:user/alice</Arn>\n' +
        '  </GetCallerIdentityResult>\n' +
        '  <ResponseMetadata>\n' +
        `    <RequestId>${REQUEST_ID}</RequestId>\n` +
        '  </ResponseMetadata>\n' +
        '</GetCallerIdentityResponse>\n',
    )
    assert.equal(response.headers['content-type'], 'text/xml')
    const out = await new STSClient(replying(response)).send(new GetCallerIdentityCommand({}))
    assert.equal(out.UserId, 'AIDAEXAMPLE')
    assert.equal(out.Account, '111111111111')
    assert.equal(out.Arn, 'arn:aws:iam::111111111111:user/alice')
    assert.equal(out.$metadata.requestId, REQUEST_ID)
  })

  it('STS AssumeRole: nested structures and dates', async () => {
    const expiration = new Date('2024-05-01T13:00:00Z')
    const response = encodeQueryResponse({
      action: 'AssumeRole',
      namespace: QUERY_NAMESPACES.sts,
      requestId: REQUEST_ID,
      result: {
        Credentials: {
          AccessKeyId: 'ASIA1',
          SecretAccessKey: 's/+=',
          SessionToken: 't',
          Expiration: expiration,
        },
        AssumedRoleUser: { AssumedRoleId: 'AROA1:s', Arn: 'arn:aws:sts::1:assumed-role/r/s' },
        PackedPolicySize: 6,
        SourceIdentity: undefined,
      },
    })
    assert.doesNotMatch(response.body, /SourceIdentity/)
    const out = await new STSClient(replying(response)).send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::1:role/r', RoleSessionName: 's' }),
    )
    assert.equal(out.Credentials?.SecretAccessKey, 's/+=')
    assert.equal(out.Credentials?.Expiration?.toISOString(), expiration.toISOString())
    assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::1:assumed-role/r/s')
    assert.equal(out.PackedPolicySize, 6)
  })

  it('IAM ListUsers: a <member> list, booleans, and an empty list', async () => {
    const users = [
      {
        Path: '/',
        UserName: 'alice',
        UserId: 'AIDA1',
        Arn: 'arn:aws:iam::1:user/alice',
        CreateDate: new Date('2020-01-02T03:04:05Z'),
      },
      {
        Path: '/ops/',
        UserName: 'bob',
        UserId: 'AIDA2',
        Arn: 'arn:aws:iam::1:user/ops/bob',
        CreateDate: new Date('2021-01-02T03:04:05Z'),
      },
    ]
    const full = encodeQueryResponse({
      action: 'ListUsers',
      namespace: QUERY_NAMESPACES.iam,
      requestId: REQUEST_ID,
      result: { Users: users, IsTruncated: true, Marker: 'next' },
    })
    assert.match(full.body, /<Users>\n {6}<member>\n {8}<Path>\/<\/Path>/)
    const out = await new IAMClient(replying(full)).send(new ListUsersCommand({}))
    assert.deepEqual(
      out.Users?.map((u) => u.UserName),
      ['alice', 'bob'],
    )
    assert.equal(out.Users?.[1].CreateDate?.toISOString(), '2021-01-02T03:04:05.000Z')
    assert.equal(out.IsTruncated, true)
    assert.equal(out.Marker, 'next')

    const none = encodeQueryResponse({
      action: 'ListUsers',
      namespace: QUERY_NAMESPACES.iam,
      requestId: REQUEST_ID,
      result: { Users: [], IsTruncated: false },
    })
    assert.match(none.body, /<Users\/>/)
    const empty = await new IAMClient(replying(none)).send(new ListUsersCommand({}))
    assert.deepEqual(empty.Users, [])
    assert.equal(empty.IsTruncated, false)
  })

  it('IAM GetAccountSummary: a Map as <entry><key/><value/></entry>', async () => {
    const response = encodeQueryResponse({
      action: 'GetAccountSummary',
      namespace: QUERY_NAMESPACES.iam,
      requestId: REQUEST_ID,
      result: {
        SummaryMap: new Map([
          ['Users', 2],
          ['Roles', 7],
        ]),
      },
    })
    const out = await new IAMClient(replying(response)).send(new GetAccountSummaryCommand({}))
    assert.deepEqual(out.SummaryMap, { Users: 2, Roles: 7 })
  })

  it('XML escaping survives the SDK parser', async () => {
    const tricky = [
      `a & b < c > d "e" 'f'`,
      'line1\nline2',
      'cr\r\nlf',
      '€ 😀',
      ']]> <![CDATA[x]]>',
      '&amp; literal',
      '  spaced  ',
    ]
    const response = encodeQueryResponse({
      action: 'ListRoleTags',
      namespace: QUERY_NAMESPACES.iam,
      requestId: REQUEST_ID,
      result: { Tags: tricky.map((Value, i) => ({ Key: `k${i}`, Value })), IsTruncated: false },
    })
    assert.doesNotMatch(response.body, /<Value>[^<]*[&][^a#lgq]/)
    const out = await new IAMClient(replying(response)).send(
      new ListRoleTagsCommand({ RoleName: 'r' }),
    )
    assert.deepEqual(
      out.Tags?.map((t) => t.Value),
      tricky,
    )
  })

  it('an operation without output has no Result element', () => {
    const response = encodeQueryResponse({
      action: 'DeleteUser',
      namespace: QUERY_NAMESPACES.iam,
      requestId: 'r1',
    })
    assert.equal(
      response.body,
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n' +
        '  <ResponseMetadata>\n    <RequestId>r1</RequestId>\n  </ResponseMetadata>\n' +
        '</DeleteUserResponse>\n',
    )
  })
})

describe('encodeQueryError, read back by the real SDK', () => {
  it('IAM NoSuchEntity: exact XML, NoSuchEntityException with message and status', async () => {
    const error = senderError(
      'NoSuchEntity',
      'The role with name nonexistent-role cannot be found.',
      404,
    )
    const response = encodeQueryError(error, REQUEST_ID, QUERY_NAMESPACES.iam)
    assert.equal(response.status, 404)
    assert.equal(
      response.body,
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n' +
        '  <Error>\n' +
        '    <Type>Sender</Type>\n' +
        '    <Code>NoSuchEntity</Code>\n' +
        '    <Message>The role with name nonexistent-role cannot be found.</Message>\n' +
        '  </Error>\n' +
        `  <RequestId>${REQUEST_ID}</RequestId>\n` +
        '</ErrorResponse>\n',
    )
    const err = await new IAMClient(replying(response))
      .send(new GetRoleCommand({ RoleName: 'nonexistent-role' }))
      .then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      )
    assert.ok(err instanceof NoSuchEntityException)
    assert.equal(err.message, 'The role with name nonexistent-role cannot be found.')
    assert.equal(err.$metadata.httpStatusCode, 404)
    assert.equal(err.$metadata.requestId, REQUEST_ID)
    assert.equal(err.$fault, 'client')
  })

  it('STS MalformedPolicyDocument, and unmodelled codes (ExpiredToken, InvalidClientTokenId)', async () => {
    const malformed = encodeQueryError(
      senderError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.', 400),
      REQUEST_ID,
      QUERY_NAMESPACES.sts,
    )
    const e0 = await new STSClient(replying(malformed))
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e)
    assert.ok(e0 instanceof MalformedPolicyDocumentException)
    assert.equal(e0.message, 'The policy is not in the valid JSON format.')

    const expired = encodeQueryError(
      senderError('ExpiredToken', 'The security token included in the request is expired', 400),
      REQUEST_ID,
      QUERY_NAMESPACES.sts,
    )
    const e1 = await new STSClient(replying(expired))
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e)
    // STS models ExpiredTokenException (an expired web identity token), not the common ExpiredToken.
    assert.ok(e1 instanceof STSServiceException && !(e1 instanceof ExpiredTokenException))
    assert.equal(e1.name, 'ExpiredToken')
    assert.equal(e1.message, 'The security token included in the request is expired')

    const invalid = encodeQueryError(
      senderError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      ),
      REQUEST_ID,
      QUERY_NAMESPACES.sts,
    )
    const e2 = await new STSClient(replying(invalid))
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e)
    assert.ok(e2 instanceof STSServiceException)
    assert.equal(e2.name, 'InvalidClientTokenId')
    assert.equal(e2.message, 'The security token included in the request is invalid.')
    assert.equal(e2.$metadata.httpStatusCode, 403)
  })

  it('every error recorded from real IAM/STS reads back with the same Code, Message, Type', async (t) => {
    const dir = join(import.meta.dirname, '../../../../shared/reference/aws-recorded')
    if (!existsSync(dir)) return t.skip('reference data not present')
    const recorded = new Map<
      string,
      { Code: string; Message: string; Type: string; status: number; sts: boolean }
    >()
    const walk = (node: unknown, sts: boolean): void => {
      if (typeof node !== 'object' || node === null) return
      const n = node as Record<string, unknown>
      const e = n.Error as Record<string, string> | undefined
      const meta = n.ResponseMetadata as { HTTPStatusCode?: number } | undefined
      if (e?.Code && e.Message && e.Type && meta?.HTTPStatusCode) {
        recorded.set(`${e.Code}|${e.Message}`, {
          Code: e.Code,
          Message: e.Message,
          Type: e.Type,
          status: meta.HTTPStatusCode,
          sts,
        })
      }
      for (const v of Object.values(n)) walk(v, sts)
    }
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.snapshot.json'))) {
      walk(JSON.parse(readFileSync(join(dir, file), 'utf8')), file.startsWith('sts_'))
    }
    assert.ok(recorded.size > 20)
    for (const r of recorded.values()) {
      const error = senderError(r.Code, r.Message, r.status)
      const response = encodeQueryError(
        error,
        REQUEST_ID,
        r.sts ? QUERY_NAMESPACES.sts : QUERY_NAMESPACES.iam,
      )
      const err = (await (
        r.sts
          ? new STSClient(replying(response)).send(new GetCallerIdentityCommand({}))
          : new IAMClient(replying(response)).send(new GetRoleCommand({ RoleName: 'x' }))
      ).catch((e: unknown) => e)) as IAMServiceException & { Error?: unknown }
      assert.deepEqual(err.Error, { Type: r.Type, Code: r.Code, Message: r.Message }, r.Code)
      assert.equal(err.message, r.Message)
      assert.equal(err.$metadata.httpStatusCode, r.status)
    }
  })
})
