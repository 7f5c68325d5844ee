import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadCorpus, validateCase } from './load-corpus.ts'

const good = {
  name: 'identity allow',
  source:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-basics — Evaluating policies within a single account',
  request: { principal: 'arn:aws:iam::111111111111:user/a', action: 's3:GetObject', resource: '*' },
  policies: { identity: [] },
  expected: 'Allowed',
}

function withDir(files: Record<string, unknown>, body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'))
  try {
    for (const [name, content] of Object.entries(files)) {
      const text = typeof content === 'string' ? content : JSON.stringify(content)
      writeFileSync(join(dir, name), text)
    }
    body(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('validateCase', () => {
  it('accepts a well-formed case', () => {
    assert.deepEqual(validateCase(good), [])
  })
  it('rejects an expected decision outside the closed set', () => {
    assert.match(validateCase({ ...good, expected: 'Denied' }).join(), /expected must be one of/)
  })
  it('rejects a source that does not cite docs.aws.amazon.com', () => {
    assert.match(validateCase({ ...good, source: 'https://example.com/x — X' }).join(), /source/)
    assert.match(validateCase({ ...good, source: '' }).join(), /source/)
  })
  it('rejects missing fields and unknown fields', () => {
    const { name: _name, ...noName } = good
    assert.match(validateCase(noName).join(), /name/)
    assert.match(validateCase({ ...good, extra: 1 }).join(), /unknown field "extra"/)
    assert.match(
      validateCase({ ...good, policies: { identities: [] } }).join(),
      /unknown field "identities"/,
    )
  })
  it('checks the request and policy shapes', () => {
    const request = { ...good.request, context: { k: { nested: true } } }
    assert.match(validateCase({ ...good, request }).join(), /context/)
    assert.match(validateCase({ ...good, policies: { scp: [{}] } }).join(), /levels/)
  })
})

describe('loadCorpus', () => {
  it('loads the real corpus with at least 550 uniquely named cases', () => {
    const files = loadCorpus()
    const total = files.reduce((sum, file) => sum + file.cases.length, 0)
    assert.ok(total >= 550, `only ${total} cases`)
  })
  it('reports duplicate names across files', () => {
    withDir({ 'a.json': [good], 'b.json': [good] }, (dir) => {
      assert.throws(() => loadCorpus(dir), /name also used in a\.json/)
    })
  })
  it('reports invalid JSON and empty files', () => {
    withDir({ 'a.json': '[', 'b.json': [] }, (dir) => {
      assert.throws(
        () => loadCorpus(dir),
        /a\.json: not valid JSON[\s\S]*b\.json: must be a non-empty/,
      )
    })
  })
})
