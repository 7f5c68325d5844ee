import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileGlob, globParts, hasLiteralAt, matchParts } from './glob.ts'

describe('compileGlob', () => {
  const cases: [pattern: string, text: string, ignoreCase: boolean, expected: boolean][] = [
    ['*', '', false, true],
    ['*', 'anything', false, true],
    ['abc', 'abc', false, true],
    ['abc', 'abd', false, false],
    ['abc', 'ABC', true, true],
    ['abc', 'ABC', false, false],
    ['a*', 'abc', false, true],
    ['a*', 'bac', false, false],
    ['*c', 'abc', false, true],
    ['*b*', 'abc', false, true],
    ['*b*', 'ac', false, false],
    ['a?c', 'abc', false, true],
    ['a?c', 'ac', false, false],
    ['a*b*c', 'a-b-b-c', false, true],
    ['a*b*c', 'a-c-b', false, false],
    ['*a*a*a', 'aaaa', false, true],
    ['a**b', 'ab', false, true],
    ['???', 'ab', false, false],
    ['s3:get*', 'S3:GetObject', true, true],
    ['home/*/x?', 'home/a/b/xy', false, true],
    ['', '', false, true],
    ['', 'a', false, false],
  ]
  for (const [pattern, text, ignoreCase, expected] of cases) {
    it(`'${pattern}' ${expected ? 'matches' : 'does not match'} '${text}'${ignoreCase ? ' ignoring case' : ''}`, () => {
      assert.equal(compileGlob(pattern, ignoreCase)(text), expected)
      if (!ignoreCase) assert.equal(matchParts(globParts(pattern), text), expected)
    })
  }
})

describe('hasLiteralAt', () => {
  const cases: [text: string, lit: string, pos: number, expected: boolean][] = [
    ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/', 0, true],
    ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket-', 0, false],
    ['arn:aws:s3:::bucket/key', 'brn:aws:s3:::bucket/', 0, false],
    ['arn:aws:s3:::bucket/key', 'key', 20, true],
    ['arn:aws:s3:::bucket/key', 'key', 21, false],
    ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/key', 0, true],
    ['abc', 'abcd', 0, false],
    ['abc', 'c', -1, false],
    ['abc', 'b', 1, true],
  ]
  for (const [text, lit, pos, expected] of cases) {
    it(`'${lit}' ${expected ? 'stands' : 'does not stand'} in '${text}' at ${pos}`, () => {
      assert.equal(hasLiteralAt(text, lit, pos), expected)
      if (pos >= 0) assert.equal(text.startsWith(lit, pos), expected)
    })
  }
})
