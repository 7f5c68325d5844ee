import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  AWSOrganizationsNotInUseException,
  ConstraintViolationException,
  CreateAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  OrganizationsServiceException,
  TagResourceCommand,
} from '@aws-sdk/client-organizations'
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http'
import { senderError } from '../aws-error.ts'
import type { EncodedResponse } from '../encoded-response.ts'
import { encodeJsonError, encodeJsonResponse, toJsonValue } from './encode-json-response.ts'
import { parseJsonRequest, parseJsonTarget } from './parse-json-request.ts'

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

const REQUEST_ID = 'd3c2a1b0-0000-4000-8000-000000000000'
const fail = (e: unknown) => e

describe('parseJsonRequest reads what the SDK sends', () => {
  it('Organizations CreateAccount with tags', async () => {
    const sent: HttpRequest[] = []
    await new OrganizationsClient(replying(encodeJsonResponse({}, REQUEST_ID), sent)).send(
      new CreateAccountCommand({
        Email: 'a+b@example.com',
        AccountName: 'Prod "€"',
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    )
    const req = sent[0]
    assert.equal(req.headers['content-type'], 'application/x-amz-json-1.1')
    const parsed = parseJsonRequest(req.headers['x-amz-target'], String(req.body))
    assert.deepEqual(parsed, {
      ok: true,
      prefix: 'AWSOrganizationsV20161128',
      operation: 'CreateAccount',
      input: {
        Email: 'a+b@example.com',
        AccountName: 'Prod "€"',
        Tags: [{ Key: 'env', Value: 'prod' }],
      },
    })
  })

  it('targets whose prefix has dots; bad targets and bodies', () => {
    assert.deepEqual(
      parseJsonTarget('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents'),
      {
        prefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
        operation: 'LookupEvents',
      },
    )
    assert.equal(parseJsonTarget('NoDot'), undefined)
    assert.equal(parseJsonTarget('Trailing.'), undefined)
    const noTarget = parseJsonRequest(undefined, '{}')
    assert.ok(!noTarget.ok && noTarget.error.code === 'UnknownOperationException')
    const badJson = parseJsonRequest('P.Op', '{')
    assert.ok(!badJson.ok && badJson.error.code === 'SerializationException')
    const array = parseJsonRequest('P.Op', '[]')
    assert.ok(!array.ok && array.error.code === 'SerializationException')
    const empty = parseJsonRequest('P.Op', new Uint8Array())
    assert.ok(empty.ok && Object.keys(empty.input).length === 0)
  })
})

describe('encodeJsonResponse, read back by the real SDK', () => {
  it('DescribeOrganization', async () => {
    const response = encodeJsonResponse(
      {
        Organization: {
          Id: 'o-exampleorgid',
          Arn: 'arn:aws:organizations::111111111111:organization/o-exampleorgid',
          FeatureSet: 'ALL',
          MasterAccountId: '111111111111',
          MasterAccountEmail: 'admin@example.com',
          AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
        },
      },
      REQUEST_ID,
    )
    assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1')
    const out = await new OrganizationsClient(replying(response)).send(
      new DescribeOrganizationCommand({}),
    )
    assert.equal(out.Organization?.Id, 'o-exampleorgid')
    assert.equal(out.Organization?.AvailablePolicyTypes?.[0].Status, 'ENABLED')
    assert.equal(out.$metadata.requestId, REQUEST_ID)
  })

  it('ListAccounts: dates as epoch seconds, undefined members dropped', async () => {
    const joined = new Date('2024-05-01T12:00:00.250Z')
    const response = encodeJsonResponse(
      {
        Accounts: [
          {
            Id: '222222222222',
            Name: 'dev',
            Email: 'dev@example.com',
            Status: 'ACTIVE',
            JoinedTimestamp: joined,
          },
        ],
        NextToken: undefined,
      },
      REQUEST_ID,
    )
    assert.equal(
      response.body,
      '{"Accounts":[{"Id":"222222222222","Name":"dev","Email":"dev@example.com","Status":"ACTIVE","JoinedTimestamp":1714564800.25}]}',
    )
    const out = await new OrganizationsClient(replying(response)).send(new ListAccountsCommand({}))
    assert.equal(out.Accounts?.[0].JoinedTimestamp?.toISOString(), joined.toISOString())
    assert.equal(out.NextToken, undefined)
  })

  it('an operation without output answers {}', async () => {
    const response = encodeJsonResponse(undefined, REQUEST_ID)
    assert.equal(response.body, '{}')
    await new OrganizationsClient(replying(response)).send(
      new TagResourceCommand({ ResourceId: '222222222222', Tags: [] }),
    )
  })

  it('toJsonValue converts Maps and nested dates', () => {
    assert.deepEqual(toJsonValue({ m: new Map([['a', new Date(1000)]]), l: [undefined, 1] }), {
      m: { a: 1 },
      l: [undefined, 1],
    })
  })
})

describe('encodeJsonError, read back by the real SDK', () => {
  it('AWSOrganizationsNotInUseException with Message', async () => {
    const response = encodeJsonError(
      senderError(
        'AWSOrganizationsNotInUseException',
        'Your account is not a member of an organization.',
        400,
      ),
      REQUEST_ID,
      { messageKey: 'Message' },
    )
    assert.equal(response.headers['x-amzn-errortype'], 'AWSOrganizationsNotInUseException')
    assert.equal(
      response.body,
      '{"__type":"AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}',
    )
    const err = await new OrganizationsClient(replying(response))
      .send(new DescribeOrganizationCommand({}))
      .catch(fail)
    assert.ok(err instanceof AWSOrganizationsNotInUseException)
    assert.equal(err.message, 'Your account is not a member of an organization.')
    assert.equal(err.$metadata.httpStatusCode, 400)
    assert.equal(err.$metadata.requestId, REQUEST_ID)
  })

  it('ConstraintViolationException carries its Reason field', async () => {
    const response = encodeJsonError(
      senderError(
        'ConstraintViolationException',
        'You have exceeded the allowed number of accounts.',
        409,
        {
          Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED',
        },
      ),
      REQUEST_ID,
      { messageKey: 'Message' },
    )
    const err = await new OrganizationsClient(replying(response))
      .send(new CreateAccountCommand({ Email: 'a@example.com', AccountName: 'a' }))
      .catch(fail)
    assert.ok(err instanceof ConstraintViolationException)
    assert.equal(err.Reason, 'ACCOUNT_NUMBER_LIMIT_EXCEEDED')
    assert.equal(err.$metadata.httpStatusCode, 409)
  })

  it('a code found only in the body (no header), and an unmodelled code', async () => {
    const response = encodeJsonError(
      senderError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        400,
      ),
      REQUEST_ID,
    )
    assert.equal(
      response.body,
      '{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}',
    )
    const headers = { ...response.headers }
    delete (headers as Record<string, string>)['x-amzn-errortype']
    for (const r of [response, { ...response, headers }]) {
      const err = await new OrganizationsClient(replying(r))
        .send(new ListAccountsCommand({}))
        .catch(fail)
      assert.ok(err instanceof OrganizationsServiceException)
      assert.equal(err.name, 'UnrecognizedClientException')
      assert.equal(err.message, 'The security token included in the request is invalid.')
    }
  })
})
