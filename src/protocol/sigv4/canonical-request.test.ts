import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatAmzDate, parseAmzDate, parseHttpDate } from './amz-date.ts'
import {
  canonicalHeaderValue,
  canonicalPath,
  canonicalQuery,
  parseRawQuery,
} from './canonical-request.ts'
import { headerValues, pairRawHeaders } from './raw-headers.ts'
import { parseCredential } from './signature-params.ts'
import { percentDecode, uriEncode } from './uri-encode.ts'

describe('uriEncode', () => {
  const cases: Array<[string, string]> = [
    ['AZaz09-._~', 'AZaz09-._~'],
    ['a b+c', 'a%20b%2Bc'],
    ["!*'()", '%21%2A%27%28%29'],
    ['/=&%', '%2F%3D%26%25'],
    ['é€', '%C3%A9%E2%82%AC'],
  ]
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(uriEncode(input), expected))
  }
})

describe('percentDecode', () => {
  it('decodes escapes, keeps + unless told it is a space', () => {
    const plain = percentDecode('a%20b+c')
    assert.ok(plain.ok && plain.bytes.toString() === 'a b+c')
    const form = percentDecode('a%20b+c', true)
    assert.ok(form.ok && form.bytes.toString() === 'a b c')
  })
  it('refuses a bad or truncated escape, quoting it', () => {
    assert.deepEqual(percentDecode('x%zzy'), { ok: false, escape: '%zz' })
    assert.deepEqual(percentDecode('x%4'), { ok: false, escape: '%4' })
  })
})

describe('canonicalPath', () => {
  const doubled: Array<[string, string]> = [
    ['', '/'],
    ['/', '/'],
    ['/a%20b/c', '/a%2520b/c'],
    ['/a//b/./c/../d/', '/a/b/d/'],
    ['/..', '/'],
    ['/a:b', '/a%3Ab'],
  ]
  for (const [raw, expected] of doubled) {
    it(`non-S3 ${raw || "''"} → ${expected}`, () =>
      assert.equal(canonicalPath(raw, true), expected))
  }
  it('S3: decoded then encoded once, no normalisation', () => {
    assert.equal(canonicalPath('/b/a%20b//./c', false), '/b/a%20b//./c')
    assert.equal(canonicalPath('/b/a b', false), '/b/a%20b')
  })
})

describe('canonicalQuery', () => {
  it('sorts by encoded key then value and re-encodes strictly', () => {
    const parsed = parseRawQuery('b=2&a=z&a=y&c&%41=x&sp=a+b&u=%c3%a9')
    assert.ok(parsed.ok)
    assert.equal(canonicalQuery(parsed.params), 'A=x&a=y&a=z&b=2&c=&sp=a%2Bb&u=%C3%A9')
  })
  it('omits the signature of a presigned request', () => {
    const parsed = parseRawQuery('X-Amz-Signature=abc&Action=X')
    assert.ok(parsed.ok)
    assert.equal(canonicalQuery(parsed.params, 'X-Amz-Signature'), 'Action=X')
  })
})

describe('headers', () => {
  it('canonical values are trimmed, folded and joined with ","', () => {
    assert.equal(canonicalHeaderValue(['  a   b ', 'c\t\td', '']), 'a b,c d,')
  })
  it('pairs raw headers and reads them case-insensitively', () => {
    const pairs = pairRawHeaders(['Host', 'h:1', 'X-A', '1', 'x-a', '2'])
    assert.deepEqual(headerValues(pairs, 'x-a'), ['1', '2'])
    assert.deepEqual(headerValues({ 'x-a': ['1', '2'], host: 'h' }, 'X-A'), ['1', '2'])
  })
})

describe('dates and credentials', () => {
  it('parses ISO 8601 basic format only, rejecting rollovers', () => {
    assert.equal(parseAmzDate('20150830T123600Z')?.toISOString(), '2015-08-30T12:36:00.000Z')
    assert.equal(parseAmzDate('20151330T123600Z'), undefined)
    assert.equal(parseAmzDate('2015-08-30T12:36:00Z'), undefined)
    assert.equal(formatAmzDate(new Date('2015-08-30T12:36:00.123Z')), '20150830T123600Z')
    assert.equal(
      parseHttpDate('Sun, 30 Aug 2015 12:36:00 GMT')?.toISOString(),
      '2015-08-30T12:36:00.000Z',
    )
    assert.equal(parseHttpDate('yesterday'), undefined)
  })
  it('splits a credential into five parts', () => {
    assert.deepEqual(parseCredential('AKID/20150830/us-east-1/iam/aws4_request/'), {
      accessKeyId: 'AKID',
      date: '20150830',
      region: 'us-east-1',
      service: 'iam',
      terminator: 'aws4_request',
    })
    assert.equal(parseCredential('AKID/20150830/iam/aws4_request'), undefined)
  })
})
