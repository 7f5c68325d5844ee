import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileArnPattern, matchArn, type ArnPatternCache } from './arn-pattern.ts'
import { describePrincipal } from './principal-info.ts'
import { RequestContext } from './request-context.ts'
import type { ContextInput } from './types.ts'

const principal = describePrincipal('arn:aws:iam::111111111111:user/alice')
const ctx = (context: ContextInput = {}) => new RequestContext(context, principal, '111111111111')

describe('matchArn', () => {
  it('matches part by part: `*` does not span a colon before the resource part', () => {
    const p = compileArnPattern('arn:aws:*:us-east-1:*:table/*', true)
    const c = ctx()
    assert.equal(matchArn(p, 'arn:aws:dynamodb:us-east-1:111111111111:table/t', c), true)
    assert.equal(matchArn(p, 'arn:aws:dynamodb:eu-west-1:111111111111:table/t', c), false)
    assert.equal(matchArn(p, 'arn:aws:dynamodb:us-east-1:111:x:table/t', c), false)
  })

  it('answers each value on its own within one request', () => {
    const p = compileArnPattern('arn:aws:s3:::bucket/*', true)
    const c = ctx()
    assert.equal(matchArn(p, 'arn:aws:s3:::bucket/a', c), true)
    assert.equal(matchArn(p, 'arn:aws:s3:::other/a', c), false)
    assert.equal(matchArn(p, 'arn:aws:s3:::bucket/a', c), true)
  })

  it('never carries an answer over to another request (variables differ)', () => {
    const p = compileArnPattern('arn:aws:s3:::home/${aws:PrincipalTag/team}/*', true)
    const resource = 'arn:aws:s3:::home/data/file'
    assert.equal(matchArn(p, resource, ctx({ 'aws:PrincipalTag/team': 'data' })), true)
    assert.equal(matchArn(p, resource, ctx({ 'aws:PrincipalTag/team': 'web' })), false)
    assert.equal(matchArn(p, resource, ctx({ 'aws:PrincipalTag/team': 'data' })), true)
  })

  it('compiles a pattern once per cache, apart for policy versions', () => {
    const cache: ArnPatternCache = new Map()
    const a = compileArnPattern('arn:aws:s3:::b/${x}', true, cache)
    assert.equal(compileArnPattern('arn:aws:s3:::b/${x}', true, cache), a)
    const literal = compileArnPattern('arn:aws:s3:::b/${x}', false, cache)
    assert.notEqual(literal, a)
    assert.equal(matchArn(literal, 'arn:aws:s3:::b/${x}', ctx()), true)
  })
})
