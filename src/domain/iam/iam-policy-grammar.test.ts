import assert from 'node:assert/strict'
import { it } from 'node:test'
import { IAM_POLICY_MESSAGES as M, iamPolicyDocumentError } from './iam-policy-grammar.ts'

const doc = (statement: object, version: string | null = '2012-10-17') =>
  JSON.stringify({ ...(version === null ? {} : { Version: version }), Statement: statement })
const st = (extra: object = {}) => ({
  Effect: 'Allow',
  Action: 's3:ListBucket',
  Resource: 'arn:aws:s3:::b',
  ...extra,
})

it('checks in AWS order: syntax, Version, legacy parsing, Sids, actions, resources, vendors', () => {
  const rows: [string, 'managed' | 'inline' | 'trust', string | undefined][] = [
    ['nope', 'managed', M.syntax],
    ['nope', 'trust', M.invalidJson],
    [doc(st({ Effect: 'allow' }), null), 'managed', M.version],
    [doc(st({ Effect: 'allow' }), null), 'inline', M.legacy],
    [doc([st({ Sid: 'a', Effect: 'allow' }), st({ Sid: 'a' })]), 'inline', M.legacy],
    [doc([st({ Sid: 'a', Action: [] }), st({ Sid: 'a' })]), 'inline', M.duplicateSid],
    [doc(st({ Action: [], Resource: 'bad' })), 'inline', M.missingActions],
    [doc(st({ Action: 'bad', Resource: 'bad' })), 'inline', M.resourceFormat('bad')],
    [doc(st({ Action: 'bad', Resource: [] })), 'inline', M.actionVendor],
    [doc(st({ Resource: [] })), 'inline', M.missingResources],
    [doc(st({ Principal: '*' })), 'managed', M.principalForbidden],
    [doc(st({ Action: 's3:AnythingAtAll', Condition: { a: {} } })), 'managed', undefined],
  ]
  for (const [text, kind, expected] of rows) {
    assert.equal(iamPolicyDocumentError(text, kind), expected, `${kind} ${text}`)
  }
})

it('reports the last resource problem found, resources read in reverse order', () => {
  const text = doc(st({ Resource: ['arn:error:s3:::b', 'zzz'] }))
  assert.equal(iamPolicyDocumentError(text, 'managed'), M.partition('error', 'arn:error:s3:::b'))
})
