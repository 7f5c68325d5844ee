/**
 * Fuzz test of ValidatePolicy: mutated and junk documents (as pretty-printed or cut JSON text),
 * for every policy type and resource type. Nothing may throw; every finding has an issue code of
 * the table, its finding type and link, and locations whose spans lie inside the submitted text
 * with offsets that agree with their lines and columns.
 *
 * Environment: FUZZ_SEED (default 11), VALIDATE_FUZZ_ITERATIONS (default 3000).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  IamDataCatalog,
  POLICY_CHECKS,
  validatePolicy,
  VALIDATE_POLICY_RESOURCE_TYPES,
  VALIDATE_POLICY_TYPES,
  type ValidatePolicyResourceType,
} from '../../src/domain/access-analyzer/index.ts'
import { createRng, seedFrom } from '../differential/prng.ts'
import { fuzzDocument, HAND_SEEDS } from './mutate-document.ts'

const SEED = seedFrom('FUZZ_SEED', 11)
const ITERATIONS = Number(process.env.VALIDATE_FUZZ_ITERATIONS ?? 3000)

test(`ValidatePolicy on ${ITERATIONS} fuzzed documents (seed ${SEED})`, async () => {
  const rng = createRng(SEED)
  const catalog = new IamDataCatalog()
  for (let i = 0; i < ITERATIONS; i++) {
    const doc = fuzzDocument(rng, HAND_SEEDS)
    const text =
      typeof doc === 'string' ? doc : (JSON.stringify(doc, null, rng.chance(0.5) ? 2 : 0) ?? '')
    const policyType = rng.pick(VALIDATE_POLICY_TYPES)
    const resourceType: ValidatePolicyResourceType | undefined =
      policyType === 'RESOURCE_POLICY' && rng.chance(0.5)
        ? rng.pick(VALIDATE_POLICY_RESOURCE_TYPES)
        : undefined
    const where = `iteration ${i}, ${policyType} ${resourceType ?? ''}: ${text.slice(0, 300)}`
    const findings = await validatePolicy(
      { policyDocument: text, policyType, validatePolicyResourceType: resourceType },
      catalog,
    ).catch((e: unknown) => assert.fail(`threw ${String(e)} on ${where}`))
    for (const f of findings) {
      assert.ok(Object.hasOwn(POLICY_CHECKS, f.issueCode), where)
      assert.equal(f.findingType, POLICY_CHECKS[f.issueCode][0], where)
      assert.ok(f.learnMoreLink.endsWith(f.issueCode.toLowerCase().replaceAll('_', '-')), where)
      assert.ok(!f.findingDetails.includes('{{'), `${f.findingDetails} on ${where}`)
      for (const { span } of f.locations) {
        assert.ok(span.start.offset >= 0 && span.start.offset <= span.end.offset, where)
        assert.ok(span.end.offset <= text.length, where)
        for (const at of [span.start, span.end]) {
          const lineStart = at.offset - at.column
          assert.ok(lineStart === 0 || text[lineStart - 1] === '\n', where)
          assert.equal(text.slice(0, lineStart).split('\n').length, at.line, where)
        }
      }
    }
  }
})

test('patterns that would make a RegExp backtrack without end are checked at once', async () => {
  const stars = `sts:AssumeRol${'*'.repeat(400)}e`
  const slashes = `arn:aws:cloudformation:us-east-1:123456789012:stack/${'a/'.repeat(20_000)}x`
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: [stars, `s3:${'*a'.repeat(200)}`], Resource: [slashes, '*'] },
    ],
  })
  const started = performance.now()
  await validatePolicy(
    { policyDocument: document, policyType: 'IDENTITY_POLICY' },
    new IamDataCatalog(),
  )
  assert.ok(performance.now() - started < 5_000, 'took more than 5 s')
})
