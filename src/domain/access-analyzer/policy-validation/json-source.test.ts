import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEnginePath } from './engine-problems.ts'
import { LineIndex, parseJsonSource } from './json-source.ts'

describe('parseJsonSource', () => {
  it('keeps the range of every value, strings with their quotes', () => {
    const r = parseJsonSource('{"a": ["x", 1.5e2, true, null], "b\\n": {}}')
    assert.ok(r.ok)
    assert.equal(r.root.kind, 'object')
    if (r.root.kind !== 'object') return
    const [a, b] = r.root.members
    assert.deepEqual([a?.value.start, a?.value.end], [6, 30])
    assert.equal(b?.key, 'b\n')
    if (a?.value.kind !== 'array') return assert.fail('not an array')
    assert.deepEqual(
      a.value.items.map((i) => [i.kind, i.start, i.end]),
      [
        ['string', 7, 10],
        ['number', 12, 17],
        ['boolean', 19, 23],
        ['null', 25, 29],
      ],
    )
  })

  it('keeps duplicate keys, in order', () => {
    const r = parseJsonSource('{"a": 1, "a": 2}')
    assert.ok(r.ok && r.root.kind === 'object')
    if (r.root.kind === 'object')
      assert.deepEqual(
        r.root.members.map((m) => m.key),
        ['a', 'a'],
      )
  })

  const bad: readonly [string, number][] = [
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['{"a": tru}', 6],
    ['{"a": "x\ny"}', 8],
    ['// c\n{}', 0],
    ['{} x', 3],
    ['"open', 5],
    ['', 0],
    ['01', 1],
  ]
  for (const [text, offset] of bad) {
    it(`refuses ${JSON.stringify(text)} at offset ${offset}`, () => {
      assert.deepEqual(parseJsonSource(text), { ok: false, offset })
    })
  }
})

describe('LineIndex', () => {
  it('gives lines from 1 and columns from 0', () => {
    const index = new LineIndex('ab\ncd\n\nef')
    assert.deepEqual(index.position(0), { line: 1, column: 0, offset: 0 })
    assert.deepEqual(index.position(4), { line: 2, column: 1, offset: 4 })
    assert.deepEqual(index.position(7), { line: 4, column: 0, offset: 7 })
  })
})

describe('parseEnginePath', () => {
  it("reads the engine's paths", () => {
    assert.deepEqual(parseEnginePath(''), [])
    assert.deepEqual(parseEnginePath('Statement[2].Condition["aws:SourceIp"]'), [
      'Statement',
      2,
      'Condition',
      'aws:SourceIp',
    ])
    assert.deepEqual(parseEnginePath('Statement.Principal.AWS'), ['Statement', 'Principal', 'AWS'])
  })
})
