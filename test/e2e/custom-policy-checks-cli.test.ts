/**
 * `aws accessanalyzer check-no-new-access`, `check-access-not-granted` and
 * `check-no-public-access` through the real AWS CLI v2 (/usr/bin/aws) against a real server.
 * AWS CLI 2.9 predates these operations, so the test gives it their model the way the CLI reads
 * newer models (test/support/access-analyzer-model.ts). The CLI prints AWS's members and
 * ignores `xaccessWitness`, as AWS clients do.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { installAccessAnalyzerModel } from '../support/access-analyzer-model.ts'
import { AwsCli, awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement })
const trust = (condition?: unknown) =>
  doc({
    Sid: 'Auditor',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::222222222222:root' },
    Action: 'sts:AssumeRole',
    ...(condition === undefined ? {} : { Condition: condition }),
  })
const WITH_EXTERNAL_ID = trust({ StringEquals: { 'sts:ExternalId': 'SecureCart-Audit-2024' } })

describe(
  'aws accessanalyzer check-*',
  { skip: awsCliSkipReason() ?? false, timeout: 300_000 },
  () => {
    let server: ServerProcess
    let cli: AwsCli
    let root: AwsCredentials
    const aa = (args: string[]) => cli.run(root, ['accessanalyzer', ...args])

    before(async () => {
      server = await startServerProcess()
      cli = new AwsCli(server.url)
      root = server.bootstrap
      installAccessAnalyzerModel(cli)
    })
    after(async () => {
      cli?.close()
      await server?.stop()
    })

    test('check-no-new-access: FAIL names the statement, PASS has no reasons', async () => {
      const fail = await aa([
        'check-no-new-access',
        '--existing-policy-document',
        WITH_EXTERNAL_ID,
        '--new-policy-document',
        trust(),
        '--policy-type',
        'RESOURCE_POLICY',
      ])
      assert.equal(fail.status, 0, fail.stderr)
      assert.deepEqual(fail.json, {
        result: 'FAIL',
        message: 'The modified permissions grant new access compared to your existing policy.',
        reasons: [
          {
            description: 'New access in the statement with index: 0.',
            statementIndex: 0,
            statementId: 'Auditor',
          },
        ],
      })
      const pass = await aa([
        'check-no-new-access',
        '--existing-policy-document',
        trust(),
        '--new-policy-document',
        WITH_EXTERNAL_ID,
        '--policy-type',
        'RESOURCE_POLICY',
      ])
      assert.equal(pass.status, 0, pass.stderr)
      assert.deepEqual(pass.json, {
        result: 'PASS',
        message:
          'The modified permissions do not grant new access compared to your existing policy.',
        reasons: [],
      })
    })

    test('check-access-not-granted: listed actions, with and without resources', async () => {
      const policy = doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::data/*' })
      const check = (access: unknown) =>
        aa([
          'check-access-not-granted',
          '--policy-document',
          policy,
          '--access',
          JSON.stringify([access]),
          '--policy-type',
          'IDENTITY_POLICY',
        ])
      const fail = await check({ actions: ['s3:GetObject'] })
      assert.equal(fail.status, 0, fail.stderr)
      assert.equal(fail.json.result, 'FAIL')
      assert.equal(fail.json.reasons[0].statementIndex, 0)
      const pass = await check({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/k'] })
      assert.equal(pass.json.result, 'PASS')
    })

    test('check-no-public-access: a trust policy open to everyone, and one for an account', async () => {
      const open = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' })
      const check = (policy: string) =>
        aa([
          'check-no-public-access',
          '--policy-document',
          policy,
          '--resource-type',
          'AWS::IAM::AssumeRolePolicyDocument',
        ])
      const fail = await check(open)
      assert.equal(fail.status, 0, fail.stderr)
      assert.equal(fail.json.result, 'FAIL')
      assert.equal(
        fail.json.message,
        'The resource policy grants public access for the given resource type.',
      )
      assert.equal((await check(trust())).json.result, 'PASS')
    })

    test('errors: an unknown policy type, a resource type, and a document that is not JSON', async () => {
      const badType = await aa([
        'check-no-new-access',
        '--existing-policy-document',
        trust(),
        '--new-policy-document',
        trust(),
        '--policy-type',
        'SESSION_POLICY',
      ])
      assert.equal(badType.status, 254, badType.stderr)
      assert.equal(badType.error?.code, 'ValidationException')
      assert.match(badType.error?.message ?? '', /at 'policyType' failed to satisfy constraint/)
      const badResource = await aa([
        'check-no-public-access',
        '--policy-document',
        trust(),
        '--resource-type',
        'AWS::EC2::Instance',
      ])
      assert.equal(badResource.error?.code, 'ValidationException')
      const notJson = await aa([
        'check-access-not-granted',
        '--policy-document',
        '{"Statement": [',
        '--access',
        '[{"actions": ["s3:GetObject"]}]',
        '--policy-type',
        'IDENTITY_POLICY',
      ])
      assert.equal(notJson.status, 254, notJson.stderr)
      assert.equal(notJson.error?.code, 'InvalidParameterException')
    })
  },
)
