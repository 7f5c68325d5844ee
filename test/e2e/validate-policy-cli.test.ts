/**
 * `aws accessanalyzer validate-policy` through the real AWS CLI v2 (/usr/bin/aws) against a real
 * server: AWS's own CLI example gives AWS's output, the CLI's paging gathers every page, errors
 * are AWS's, and every case of test/access-analyzer/policy-checks.json behaves through the CLI as
 * in the library: the policy with the problem gives exactly that finding, the corrected one none.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { AwsCli, awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'

interface CheckCase {
  readonly issueCode: string
  readonly source: string
  readonly policyType: string
  readonly resourceType?: string
  readonly bad: unknown
  readonly good: unknown
  readonly expected?: readonly string[]
}

const CORPUS = join(import.meta.dirname, '..', 'access-analyzer', 'policy-checks.json')
const { cases } = JSON.parse(readFileSync(CORPUS, 'utf8')) as { cases: readonly CheckCase[] }
const text = (policy: unknown) =>
  typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2)

/** The role trust policy of the AWS CLI's validate-policy example (awscli's examples). */
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
            ]
        }
    ]
}`

describe(
  'aws accessanalyzer validate-policy',
  { skip: awsCliSkipReason() ?? false, timeout: 900_000, concurrency: 2 },
  () => {
    let server: ServerProcess
    let cli: AwsCli
    let root: AwsCredentials

    const validate = (
      document: string,
      policyType: string,
      resourceType?: string,
      extra: string[] = [],
    ) =>
      cli.run(root, [
        'accessanalyzer',
        'validate-policy',
        '--policy-document',
        document,
        '--policy-type',
        policyType,
        ...(resourceType === undefined ? [] : ['--validate-policy-resource-type', resourceType]),
        ...extra,
      ])
    const codes = async (document: string, policyType: string, resourceType?: string) => {
      const r = await validate(document, policyType, resourceType)
      assert.equal(r.status, 0, r.stderr)
      const findings = (r.json as { findings: { issueCode: string }[] }).findings
      return [...new Set(findings.map((f) => f.issueCode))].sort()
    }

    before(async () => {
      server = await startServerProcess()
      cli = new AwsCli(server.url)
      root = server.bootstrap
    })
    after(async () => {
      cli?.close()
      await server?.stop()
    })

    test("AWS's example: the Sid and the principal's action, with AWS's spans", async () => {
      const r = await validate(COGNITO_TRUST, 'RESOURCE_POLICY')
      assert.equal(r.status, 0, r.stderr)
      const findings = (r.json as { findings: Record<string, unknown>[] }).findings
      assert.deepEqual(
        findings.map((f) => f.issueCode),
        ['EMPTY_SID_VALUE', 'MISMATCHED_ACTION_FOR_PRINCIPAL'],
      )
      assert.deepEqual(findings[0], {
        findingDetails: 'Add a value to the empty string in the Sid element.',
        findingType: 'SUGGESTION',
        issueCode: 'EMPTY_SID_VALUE',
        learnMoreLink:
          'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-empty-sid-value',
        locations: [
          {
            path: [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
            span: {
              start: { line: 5, column: 19, offset: 79 },
              end: { line: 5, column: 21, offset: 81 },
            },
          },
        ],
      })
    })

    test('the CLI gathers every page, and --max-items hands back a NextToken', async () => {
      const document = JSON.stringify({
        Statement: [
          { Sid: '', Effect: 'Allow', Action: ['s3:GetObjct', 'iam:PassRole'], Resource: '*' },
        ],
      })
      const whole = await validate(document, 'IDENTITY_POLICY')
      const paged = await validate(document, 'IDENTITY_POLICY', undefined, ['--page-size', '1'])
      assert.equal(paged.status, 0, paged.stderr)
      assert.ok((whole.json as { findings: unknown[] }).findings.length >= 4)
      assert.deepEqual(paged.json, whole.json)
      const first = await validate(document, 'IDENTITY_POLICY', undefined, ['--max-items', '2'])
      assert.equal((first.json as { findings: unknown[] }).findings.length, 2)
      assert.ok((first.json as { NextToken?: string }).NextToken)
    })

    test('a policy type AWS does not know is a ValidationException', async () => {
      const r = await validate(COGNITO_TRUST, 'SESSION_POLICY')
      assert.equal(r.status, 254, r.stderr)
      assert.equal(r.error?.code, 'ValidationException')
      assert.match(r.error?.message ?? '', /at 'policyType' failed to satisfy constraint/)
    })

    for (const c of cases) {
      test(`${c.issueCode}: ${c.source.split(', ').pop() ?? ''}`, async () => {
        const expected = [...(c.expected ?? [c.issueCode])].sort()
        assert.deepEqual(await codes(text(c.bad), c.policyType, c.resourceType), expected)
        assert.deepEqual(await codes(text(c.good), c.policyType, c.resourceType), [])
      })
    }
  },
)
