import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compileArnPattern, matchArn } from '../../policy/arn-pattern.ts'
import { compileGlob } from '../../policy/glob.ts'
import { describePrincipal } from '../../policy/principal-info.ts'
import { RequestContext } from '../../policy/request-context.ts'
import { arnTest, globTest } from './glob-tests.ts'
import { partitionWords, type WordTest } from './word-classes.ts'

const run = (t: WordTest, word: string): boolean => {
  let s = t.start
  for (const ch of word) s = t.step(s, ch)
  return t.accepts(s)
}

const PATTERNS = [
  '*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:sqs:*:111111111111:queue-*',
  'arn:*:iam::*:role/a?c',
  'arn:aws:lambda:*:*:function:work*',
  '*:kms:*',
  'arn:aws:s3:::*',
  'a*b',
  'arn:aws::::',
  'arn:aws:*:*:*:*:*',
]
const LETTERS = ['a', 'r', 'n', ':', 's', '3', '*', 'b', 'x', '/', 'q', 'w', 'k']

test('an ARN test answers as the engine does, on every short word and on ARNs', () => {
  const ctx = new RequestContext({}, describePrincipal('*'), undefined)
  const words: string[] = ['arn:aws:s3:::bucket/k', 'arn:aws:sqs:us-east-1:111111111111:queue-a']
  let seed = 7
  for (let i = 0; i < 3000; i++) {
    let w = i % 3 === 0 ? 'arn:' : ''
    const n = (seed = (seed * 1103515245 + 12345) >>> 0) % 24
    for (let j = 0; j < n; j++) {
      seed = (seed * 1103515245 + 12345) >>> 0
      w += LETTERS[seed % LETTERS.length]
    }
    words.push(w)
  }
  for (const p of PATTERNS) {
    const t = arnTest(p, true)!
    const engine = compileArnPattern(p, true)
    for (const w of words) assert.equal(run(t, w), matchArn(engine, w, ctx), `${p} ${w}`)
  }
})

test('a glob test answers as the engine does, ignoring case when asked', () => {
  for (const p of ['s3:get*', '*tion', 'iam:?ass*', '*']) {
    const t = globTest(p.toLowerCase())
    const engine = compileGlob(p.toLowerCase())
    for (const w of ['s3:get', 's3:getobject', 'lambda:getfunction', 'iam:passrole', '']) {
      assert.equal(run(t, w), engine(w), `${p} ${w}`)
    }
  }
})

test('the partition has one class per combination the patterns can tell apart', () => {
  const tests = ['s3:get*', 's3:*object', 's3:getobject'].map((p) => globTest(p))
  const { classes, complete } = partitionWords(tests, 1000, true)
  assert.ok(complete)
  const signatures = classes.map((c) => c.accepted.join(',')).sort()
  // none; get only; *object only; get and *object (e.g. s3:getxobject); all three.
  assert.deepEqual(signatures, ['', '0', '0,1', '0,1,2', '1'])
  for (const c of classes) {
    tests.forEach((t, i) => assert.equal(run(t, c.word), c.accepted.includes(i), c.word))
  }
})
