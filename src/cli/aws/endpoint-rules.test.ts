import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  ENDPOINT_RULE_FILE,
  ENDPOINT_RULE_SERVICES,
  endpointRuleSet,
  isOurRuleFile,
  writeEndpointRules,
} from './endpoint-rules.ts'

const root = mkdtempSync(join(tmpdir(), 'xaccess-rules-'))
after(() => rmSync(root, { recursive: true, force: true }))

describe('endpoint rules', () => {
  it('route to --endpoint-url when given, else to the server', () => {
    const set = endpointRuleSet('http://127.0.0.1:4599')
    assert.equal(set.version, '1.0')
    assert.deepEqual(set.rules[0]!.conditions, [{ fn: 'isSet', argv: [{ ref: 'Endpoint' }] }])
    assert.deepEqual(set.rules[0]!.endpoint.url, { ref: 'Endpoint' })
    assert.deepEqual(set.rules[1]!.conditions, [])
    assert.equal(set.rules[1]!.endpoint.url, 'http://127.0.0.1:4599')
    assert.equal(set.parameters.Endpoint.builtIn, 'SDK::Endpoint')
  })

  it('S3: the bucket goes back into the path (botocore takes it out of the model)', () => {
    const set = endpointRuleSet('http://127.0.0.1:4599/', 's3')
    assert.deepEqual(set.parameters.Bucket, { type: 'String', required: false })
    assert.equal(set.rules[0]!.endpoint.url, '{Endpoint}/{uriEncodedBucket}')
    assert.equal(set.rules[1]!.endpoint.url, 'http://127.0.0.1:4599/{uriEncodedBucket}')
    assert.deepEqual(set.rules[1]!.conditions[1], {
      fn: 'uriEncode',
      argv: [{ ref: 'Bucket' }],
      assign: 'uriEncodedBucket',
    })
    assert.equal(set.rules[3]!.endpoint.url, 'http://127.0.0.1:4599/')
    // botocore 2.9's template names are letters only: no underscore.
    assert.doesNotMatch(JSON.stringify(set), /\{[^}]*_[^}]*\}/)
    assert.equal(endpointRuleSet('http://x').parameters.Bucket, undefined)
  })

  it('are written once per service and API version, then left unchanged', () => {
    const first = writeEndpointRules(root, 'http://127.0.0.1:4599')
    assert.deepEqual(
      first.map((r) => r.service),
      ENDPOINT_RULE_SERVICES.map((s) => s.service),
    )
    assert.ok(first.every((r) => r.outcome === 'written'))
    const sts = join(root, 'sts', '2011-06-15', ENDPOINT_RULE_FILE)
    assert.ok(isOurRuleFile(readFileSync(sts, 'utf8')))
    assert.ok(
      writeEndpointRules(root, 'http://127.0.0.1:4599').every((r) => r.outcome === 'unchanged'),
    )
    const moved = writeEndpointRules(root, 'http://127.0.0.1:5000')
    assert.ok(moved.every((r) => r.outcome === 'written'))
    assert.match(readFileSync(sts, 'utf8'), /127\.0\.0\.1:5000/)
  })

  it('leave a rule file they did not write alone', () => {
    const dir = join(root, 'iam', '2010-05-08')
    mkdirSync(dir, { recursive: true })
    const mine = '{"version":"1.0","parameters":{},"rules":[]}'
    writeFileSync(join(dir, ENDPOINT_RULE_FILE), mine)
    const r = writeEndpointRules(root, 'http://127.0.0.1:4599').find((o) => o.service === 'iam')
    assert.equal(r?.outcome, 'skipped')
    assert.equal(readFileSync(join(dir, ENDPOINT_RULE_FILE), 'utf8'), mine)
  })
})
