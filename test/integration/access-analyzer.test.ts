// IAM Access Analyzer's ValidatePolicy through the real AWS SDK v3 client against a real server:
// the findings of AWS's own CLI example with their exact spans, paging, the engine authorizing
// access-analyzer:ValidatePolicy, and the error shapes (ValidationException with its fieldList).
// ValidatePolicy reads no stored data, so one SQLite server is enough.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  AccessAnalyzerClient,
  paginateValidatePolicy,
  ValidatePolicyCommand,
  type ValidatePolicyFinding,
} from '@aws-sdk/client-accessanalyzer'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { clientsFor, expectAwsError, type Credentials } from './aws-clients.ts'

/** The role trust policy of the AWS CLI's validate-policy example, as the example lays it out. */
const COGNITO_TRUST = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "",
            "Effect": "Allow",
            "Principal": {
                "Federated": "cognito-identity.amazonaws.com"
            },
            "Action": [
                "sts:AssumeRole",
                "sts:TagSession"
            ],
            "Condition": {
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-west-2_EXAMPLE"
                }
            }
        }
    ]
}`

const MANY_FINDINGS = JSON.stringify({
  Statement: [
    { Sid: '', Effect: 'Allow', Action: ['s3:GetObjct', 'iam:PassRole'], Resource: '*' },
    { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
    { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
  ],
})

const analyzerFor = (endpoint: string, credentials: Credentials) =>
  new AccessAnalyzerClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 10_000 },
  })

const brief = (f: ValidatePolicyFinding) => `${f.findingType} ${f.issueCode}`

describe('ValidatePolicy through the SDK', { timeout: 60_000 }, () => {
  let server: ServerProcess
  let analyzer: AccessAnalyzerClient
  before(async () => {
    server = await startServerProcess()
    analyzer = analyzerFor(server.url, server.bootstrap)
  })
  after(async () => {
    await server.stop()
  })

  it("gives the findings of AWS's example, with AWS's issue codes, links and spans", async () => {
    const out = await analyzer.send(
      new ValidatePolicyCommand({ policyDocument: COGNITO_TRUST, policyType: 'RESOURCE_POLICY' }),
    )
    const findings = out.findings ?? []
    assert.deepEqual(findings.map(brief), [
      'SUGGESTION EMPTY_SID_VALUE',
      'ERROR MISMATCHED_ACTION_FOR_PRINCIPAL',
      'ERROR UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    ])
    const [sid, mismatch] = findings
    assert.equal(sid?.findingDetails, 'Add a value to the empty string in the Sid element.')
    assert.equal(
      sid?.learnMoreLink,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-empty-sid-value',
    )
    assert.deepEqual(sid?.locations, [
      {
        path: [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
        span: {
          start: { line: 5, column: 19, offset: 79 },
          end: { line: 5, column: 21, offset: 81 },
        },
      },
    ])
    assert.deepEqual(
      mismatch?.locations?.map((l) => [l.span?.start?.offset, l.span?.end?.offset]),
      [
        [258, 274],
        [170, 202],
      ],
    )
    assert.equal(out.nextToken, undefined)
  })

  it('pages with maxResults and nextToken, and the pages add up to the whole', async () => {
    const whole = await analyzer.send(
      new ValidatePolicyCommand({ policyDocument: MANY_FINDINGS, policyType: 'IDENTITY_POLICY' }),
    )
    const all = whole.findings ?? []
    assert.ok(all.length >= 4, `expected several findings, got ${all.map(brief).join(', ')}`)
    const paged: ValidatePolicyFinding[] = []
    let pages = 0
    for await (const page of paginateValidatePolicy(
      { client: analyzer, pageSize: 1 },
      { policyDocument: MANY_FINDINGS, policyType: 'IDENTITY_POLICY' },
    )) {
      pages++
      assert.ok((page.findings ?? []).length <= 1)
      paged.push(...(page.findings ?? []))
    }
    assert.equal(pages, all.length)
    assert.deepEqual(paged, all)
  })

  it('refuses a page token of another request', async () => {
    const first = await analyzer.send(
      new ValidatePolicyCommand({
        policyDocument: MANY_FINDINGS,
        policyType: 'IDENTITY_POLICY',
        maxResults: 1,
      }),
    )
    assert.ok(first.nextToken)
    await expectAwsError(
      analyzer.send(
        new ValidatePolicyCommand({
          policyDocument: COGNITO_TRUST,
          policyType: 'RESOURCE_POLICY',
          nextToken: first.nextToken,
        }),
      ),
      { name: 'ValidationException', status: 400, message: 'Invalid pagination token.' },
    )
  })

  it('answers a bad policy type with a ValidationException and its fieldList', async () => {
    const error = (await expectAwsError(
      analyzer.send(
        new ValidatePolicyCommand({
          policyDocument: COGNITO_TRUST,
          policyType: 'SESSION_POLICY' as 'IDENTITY_POLICY',
        }),
      ),
      { name: 'ValidationException', status: 400, message: /at 'policyType' failed to satisfy/ },
    )) as unknown as { reason?: string; fieldList?: { name?: string }[] }
    assert.equal(error.reason, 'fieldValidationFailed')
    assert.deepEqual(
      error.fieldList?.map((f) => f.name),
      ['policyType'],
    )
  })

  it('is authorized by the engine as access-analyzer:ValidatePolicy on *', async () => {
    const iam = clientsFor(server.url, server.bootstrap).iam
    await iam.send(new CreateUserCommand({ UserName: 'validator' }))
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'validator' }))
    const user = analyzerFor(server.url, {
      accessKeyId: key.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: key.AccessKey?.SecretAccessKey ?? '',
    })
    const request = new ValidatePolicyCommand({
      policyDocument: COGNITO_TRUST,
      policyType: 'RESOURCE_POLICY',
    })
    await expectAwsError(user.send(request), {
      name: 'AccessDeniedException',
      status: 403,
      message: /is not authorized to perform: access-analyzer:ValidatePolicy/,
    })
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'validator',
        PolicyName: 'validate',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 'access-analyzer:ValidatePolicy', Resource: '*' },
        }),
      }),
    )
    const out = await user.send(request)
    assert.equal(out.findings?.length, 3)
  })
})
