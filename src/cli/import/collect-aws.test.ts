import assert from 'node:assert/strict'
import { test } from 'node:test'
import { asCliPrints } from './collect-aws.ts'

test('asCliPrints: no $metadata, dates as the CLI prints them, IAM documents decoded', () => {
  const doc = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
  }
  const out = asCliPrints({
    $metadata: { httpStatusCode: 200 },
    IsTruncated: undefined,
    RoleDetailList: [
      {
        RoleName: 'r',
        CreateDate: new Date('2026-01-05T09:30:00.000Z'),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)),
        RolePolicyList: [
          { PolicyName: 'p', PolicyDocument: encodeURIComponent(JSON.stringify(doc)) },
        ],
      },
    ],
    Policies: [
      {
        PolicyVersionList: [{ Document: encodeURIComponent(JSON.stringify(doc)), VersionId: 'v1' }],
      },
    ],
    Accounts: [{ JoinedTimestamp: new Date('2026-01-05T09:30:00.123Z') }],
    // Organizations' Content stays text, as the CLI prints it.
    Policy: { Content: JSON.stringify(doc) },
  })
  assert.deepEqual(out, {
    RoleDetailList: [
      {
        RoleName: 'r',
        CreateDate: '2026-01-05T09:30:00+00:00',
        AssumeRolePolicyDocument: doc,
        RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc }],
      },
    ],
    Policies: [{ PolicyVersionList: [{ Document: doc, VersionId: 'v1' }] }],
    Accounts: [{ JoinedTimestamp: '2026-01-05T09:30:00.123000+00:00' }],
    Policy: { Content: JSON.stringify(doc) },
  })
})
