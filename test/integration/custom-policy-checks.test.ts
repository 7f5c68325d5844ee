// IAM Access Analyzer's custom policy checks (CheckNoNewAccess, CheckAccessNotGranted,
// CheckNoPublicAccess) through the real AWS SDK v3 client against a real server: AWS's members,
// the witness beside them (read from the raw response), the engine authorizing each call, and
// the error shapes (ValidationException with its fieldList, InvalidParameterException).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  AccessAnalyzerClient,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
} from '@aws-sdk/client-accessanalyzer'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { Sha256 } from '@aws-crypto/sha256-js'
import { SignatureV4 } from '@smithy/signature-v4'
import { compile } from '../../src/policy/index.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { clientsFor, expectAwsError, type Credentials } from './aws-clients.ts'

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement })
const AUDITOR = { AWS: 'arn:aws:iam::222222222222:root' }
const trust = (condition?: unknown) =>
  doc({
    Sid: 'Auditor',
    Effect: 'Allow',
    Principal: AUDITOR,
    Action: 'sts:AssumeRole',
    ...(condition === undefined ? {} : { Condition: condition }),
  })
const WITH_EXTERNAL_ID = trust({ StringEquals: { 'sts:ExternalId': 'SecureCart-Audit-2024' } })

const analyzerFor = (endpoint: string, credentials: Credentials) =>
  new AccessAnalyzerClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 60_000 },
  })

describe('custom policy checks through the SDK', { timeout: 180_000 }, () => {
  let server: ServerProcess
  let analyzer: AccessAnalyzerClient
  before(async () => {
    server = await startServerProcess()
    analyzer = analyzerFor(server.url, server.bootstrap)
  })
  after(async () => {
    await server.stop()
  })

  it('CheckNoNewAccess: dropping the ExternalId condition is new access, keeping it is not', async () => {
    const fail = await analyzer.send(
      new CheckNoNewAccessCommand({
        existingPolicyDocument: WITH_EXTERNAL_ID,
        newPolicyDocument: trust(),
        policyType: 'RESOURCE_POLICY',
      }),
    )
    assert.equal(fail.result, 'FAIL')
    assert.equal(
      fail.message,
      'The modified permissions grant new access compared to your existing policy.',
    )
    assert.deepEqual(fail.reasons, [
      {
        description: 'New access in the statement with index: 0.',
        statementIndex: 0,
        statementId: 'Auditor',
      },
    ])
    const pass = await analyzer.send(
      new CheckNoNewAccessCommand({
        existingPolicyDocument: trust(),
        newPolicyDocument: WITH_EXTERNAL_ID,
        policyType: 'RESOURCE_POLICY',
      }),
    )
    assert.equal(pass.result, 'PASS')
    assert.deepEqual(pass.reasons, [])
  })

  it('answers with the witness beside AWS members, and the engine allows it only under the new policy', async () => {
    const existing = doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::data/*' })
    const updated = doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
      { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data/*' },
    )
    const res = await fetchSigned(server, '/policy/check-no-new-access', {
      existingPolicyDocument: existing,
      newPolicyDocument: updated,
      policyType: 'IDENTITY_POLICY',
    })
    assert.equal(res.result, 'FAIL')
    const w = res.xaccessWitness as {
      principal: string
      action: string
      resource: string
      context: Record<string, string>
    }
    assert.equal(w.action, 's3:PutObject')
    const request = {
      principal: w.principal,
      action: w.action,
      resource: w.resource,
      context: w.context,
    }
    assert.equal(
      compile({ identity: [JSON.parse(updated)] }).authorize(request).decision,
      'Allowed',
    )
    assert.notEqual(
      compile({ identity: [JSON.parse(existing)] }).authorize(request).decision,
      'Allowed',
    )
  })

  it('CheckAccessNotGranted: a listed action the policy grants fails, one it does not passes', async () => {
    const policy = doc({
      Sid: 'Read',
      Effect: 'Allow',
      Action: 's3:Get*',
      Resource: 'arn:aws:s3:::data/*',
    })
    const check = (access: { actions?: string[]; resources?: string[] }) =>
      analyzer.send(
        new CheckAccessNotGrantedCommand({
          policyDocument: policy,
          access: [access],
          policyType: 'IDENTITY_POLICY',
        }),
      )
    const fail = await check({
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::data/report.csv'],
    })
    assert.equal(fail.result, 'FAIL')
    assert.deepEqual(fail.reasons, [
      {
        description:
          'One or more of the listed actions or resources in the statement with index: 0.',
        statementIndex: 0,
        statementId: 'Read',
      },
    ])
    const pass = await check({ actions: ['s3:PutObject', 's3:DeleteObject'] })
    assert.equal(pass.result, 'PASS')
    assert.equal(
      pass.message,
      'The policy document does not grant access to perform the listed actions or resources.',
    )
  })

  it('CheckNoPublicAccess: a bucket policy for everyone fails, one for an account passes', async () => {
    const bucket = (Principal: unknown) =>
      doc({ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' })
    const fail = await analyzer.send(
      new CheckNoPublicAccessCommand({
        policyDocument: bucket('*'),
        resourceType: 'AWS::S3::Bucket',
      }),
    )
    assert.equal(fail.result, 'FAIL')
    assert.equal(fail.reasons?.[0]?.statementIndex, 0)
    const pass = await analyzer.send(
      new CheckNoPublicAccessCommand({
        policyDocument: bucket(AUDITOR),
        resourceType: 'AWS::S3::Bucket',
      }),
    )
    assert.equal(pass.result, 'PASS')
    assert.equal(
      pass.message,
      'The resource policy does not grant public access for the given resource type.',
    )
  })

  it('answers bad input with ValidationException and its fieldList, a bad document with InvalidParameterException', async () => {
    const error = (await expectAwsError(
      analyzer.send(
        new CheckNoNewAccessCommand({
          existingPolicyDocument: trust(),
          newPolicyDocument: undefined as unknown as string,
          policyType: 'SESSION_POLICY' as 'IDENTITY_POLICY',
        }),
      ),
      { name: 'ValidationException', status: 400, message: /^2 validation errors detected: / },
    )) as unknown as { reason?: string; fieldList?: { name?: string }[] }
    assert.equal(error.reason, 'fieldValidationFailed')
    assert.deepEqual(
      error.fieldList?.map((f) => f.name),
      ['newPolicyDocument', 'policyType'],
    )
    await expectAwsError(
      analyzer.send(
        new CheckNoPublicAccessCommand({
          policyDocument: trust(),
          resourceType: 'AWS::EC2::Instance' as 'AWS::S3::Bucket',
        }),
      ),
      {
        name: 'ValidationException',
        status: 400,
        message:
          /at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set/,
      },
    )
    await expectAwsError(
      analyzer.send(
        new CheckAccessNotGrantedCommand({
          policyDocument: '{"Statement": [',
          access: [{ actions: ['s3:GetObject'] }],
          policyType: 'IDENTITY_POLICY',
        }),
      ),
      { name: 'InvalidParameterException', status: 400, message: /not valid JSON/ },
    )
    await expectAwsError(
      analyzer.send(
        new CheckAccessNotGrantedCommand({
          policyDocument: trust(),
          access: [{}],
          policyType: 'RESOURCE_POLICY',
        }),
      ),
      { name: 'ValidationException', status: 400, message: /at least one action or resource/ },
    )
  })

  it('is authorized by the engine as access-analyzer:CheckNoNewAccess on *', async () => {
    const iam = clientsFor(server.url, server.bootstrap).iam
    await iam.send(new CreateUserCommand({ UserName: 'checker' }))
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'checker' }))
    const user = analyzerFor(server.url, {
      accessKeyId: key.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: key.AccessKey?.SecretAccessKey ?? '',
    })
    const request = new CheckNoNewAccessCommand({
      existingPolicyDocument: trust(),
      newPolicyDocument: trust(),
      policyType: 'RESOURCE_POLICY',
    })
    await expectAwsError(user.send(request), {
      name: 'AccessDeniedException',
      status: 403,
      message: /is not authorized to perform: access-analyzer:CheckNoNewAccess/,
    })
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'checker',
        PolicyName: 'check',
        PolicyDocument: doc({
          Effect: 'Allow',
          Action: 'access-analyzer:CheckNoNewAccess',
          Resource: '*',
        }),
      }),
    )
    assert.equal((await user.send(request)).result, 'PASS')
    await expectAwsError(
      user.send(
        new CheckNoPublicAccessCommand({
          policyDocument: trust(),
          resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
        }),
      ),
      {
        name: 'AccessDeniedException',
        status: 403,
        message: /access-analyzer:CheckNoPublicAccess/,
      },
    )
  })
})

/** A signed POST with the SDK's signer, answering the raw JSON (witness included). */
async function fetchSigned(
  server: ServerProcess,
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const url = new URL(path, server.url)
  const signer = new SignatureV4({
    service: 'access-analyzer',
    region: 'us-east-1',
    credentials: server.bootstrap,
    sha256: Sha256,
  })
  const text = JSON.stringify(body)
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, 'content-type': 'application/json' },
    body: text,
  })
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body: text })
  assert.equal(res.status, 200)
  return (await res.json()) as Record<string, unknown>
}
