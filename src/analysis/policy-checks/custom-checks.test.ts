import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compile } from '../../policy/index.ts'
import { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess } from './custom-checks.ts'

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement })
const trust = (principal: unknown, condition?: unknown) =>
  doc({
    Effect: 'Allow',
    Principal: principal,
    Action: 'sts:AssumeRole',
    ...(condition === undefined ? {} : { Condition: condition }),
  })

test('CheckNoNewAccess: a narrower identity policy passes, a wider one fails with a witness', () => {
  const existing = doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' })
  const narrower = doc({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/x*',
    Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  })
  assert.equal(checkNoNewAccess({ kind: 'identity', existing, updated: narrower }).result, 'PASS')
  const wider = doc(
    { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
  )
  const out = checkNoNewAccess({ kind: 'identity', existing, updated: wider })
  assert.equal(out.result, 'FAIL')
  assert.deepEqual(out.reasons, [
    {
      description: 'New access in the statement with index: 1.',
      statementIndex: 1,
      statementId: 'Write',
    },
  ])
  assert.equal(out.witness?.action, 's3:PutObject')
  const request = { ...out.witness!, context: {} }
  assert.equal(compile({ identity: [wider] }).authorize(request).decision, 'Allowed')
  assert.notEqual(compile({ identity: [existing] }).authorize(request).decision, 'Allowed')
})

test('CheckNoNewAccess: dropping a trust policy ExternalId condition is new access', () => {
  const auditor = { AWS: 'arn:aws:iam::222222222222:root' }
  const existing = trust(auditor, { StringEquals: { 'sts:ExternalId': 'SecureCart-Audit' } })
  const out = checkNoNewAccess({ kind: 'resource', existing, updated: trust(auditor) })
  assert.equal(out.result, 'FAIL')
  assert.equal(out.witness?.action, 'sts:AssumeRole')
  assert.ok(
    !('sts:ExternalId' in out.witness!.context) ||
      out.witness!.context['sts:ExternalId'] !== 'SecureCart-Audit',
  )
  assert.equal(checkNoNewAccess({ kind: 'resource', existing, updated: existing }).result, 'PASS')
})

test('CheckAccessNotGranted: listed actions and resources', () => {
  const policy = doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' })
  const check = (access: { actions?: string[]; resources?: string[] }) =>
    checkAccessNotGranted({ kind: 'identity', document: policy, access: [access] }).result
  assert.equal(check({ actions: ['s3:PutObject'] }), 'PASS')
  assert.equal(check({ actions: ['s3:GetObject'] }), 'FAIL')
  assert.equal(check({ resources: ['arn:aws:s3:::other/*'] }), 'PASS')
  assert.equal(check({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] }), 'FAIL')
  assert.equal(check({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::c/k'] }), 'PASS')
})

test('CheckNoPublicAccess: Principal * fails, an account principal or an org condition… ', () => {
  const bucket = (principal: unknown, condition?: unknown) =>
    doc({
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      ...(condition === undefined ? {} : { Condition: condition }),
    })
  const pub = checkNoPublicAccess({ document: bucket('*'), resourceType: 'AWS::S3::Bucket' })
  assert.equal(pub.result, 'FAIL')
  assert.equal(pub.reasons[0]?.statementIndex, 0)
  const account = bucket({ AWS: 'arn:aws:iam::111122223333:root' })
  assert.equal(
    checkNoPublicAccess({ document: account, resourceType: 'AWS::S3::Bucket' }).result,
    'PASS',
  )
  const org = bucket('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })
  assert.equal(
    checkNoPublicAccess({ document: org, resourceType: 'AWS::S3::Bucket' }).result,
    'PASS',
  )
  const role = trust({ AWS: '*' })
  assert.equal(
    checkNoPublicAccess({ document: role, resourceType: 'AWS::IAM::AssumeRolePolicyDocument' })
      .result,
    'FAIL',
  )
})

test('CheckNoNewAccess: an update that only drops Allows or adds Denies passes, variables and all', () => {
  const home = {
    Sid: 'Home',
    Effect: 'Allow',
    Action: 's3:*',
    Resource: 'arn:aws:s3:::home/${aws:username}/*',
  }
  const shared = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }
  const existing = doc(home, shared)
  assert.equal(checkNoNewAccess({ kind: 'identity', existing, updated: existing }).result, 'PASS')
  const fewer = doc({ ...home, Sid: 'Renamed' })
  assert.equal(checkNoNewAccess({ kind: 'identity', existing, updated: fewer }).result, 'PASS')
  const deny = { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }
  assert.equal(
    checkNoNewAccess({ kind: 'identity', existing, updated: doc(home, shared, deny) }).result,
    'PASS',
  )
  // Dropping the Deny is new access (a witness), and a wider variable pattern cannot be proven.
  const out = checkNoNewAccess({
    kind: 'identity',
    existing: doc(shared, deny),
    updated: doc(shared),
  })
  assert.equal(out.result, 'FAIL')
  const wider = doc({ ...home, Resource: 'arn:aws:s3:::home/*' }, shared)
  assert.equal(checkNoNewAccess({ kind: 'identity', existing, updated: wider }).result, 'FAIL')
})
