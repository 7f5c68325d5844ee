// Every implemented policy check, table-driven from test/access-analyzer/policy-checks.json: a
// policy that triggers exactly that finding and a corrected one that triggers none. Checks on a
// policy's size are generated here (a corpus entry would be kilobytes of padding).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { IamDataCatalog } from './iam-data-catalog.ts'
import { ISSUE_CODES, type IssueCode } from './policy-checks.ts'
import {
  validatePolicy,
  type ValidatePolicyResourceType,
  type ValidatePolicyType,
} from './validate-policy.ts'

interface CheckCase {
  readonly issueCode: IssueCode
  readonly source: string
  readonly policyType: ValidatePolicyType
  readonly resourceType?: ValidatePolicyResourceType
  readonly bad: unknown
  readonly good: unknown
  readonly expected?: readonly IssueCode[]
}

const CORPUS = join(import.meta.dirname, '../../../../test/access-analyzer/policy-checks.json')
const { cases } = JSON.parse(readFileSync(CORPUS, 'utf8')) as { cases: readonly CheckCase[] }
const catalog = new IamDataCatalog()

const text = (policy: unknown) =>
  typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2)

async function codesOf(c: CheckCase, policy: unknown): Promise<string[]> {
  const findings = await validatePolicy(
    {
      policyDocument: text(policy),
      policyType: c.policyType,
      validatePolicyResourceType: c.resourceType,
    },
    catalog,
  )
  return [...new Set(findings.map((f) => f.issueCode))].sort()
}

/** Checks whose cases are generated below rather than kept in the corpus. */
const GENERATED: readonly IssueCode[] = [
  'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
  'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
  'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
  'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA',
]

describe('policy checks, one case each (test/access-analyzer/policy-checks.json)', () => {
  for (const c of cases) {
    it(`${c.issueCode}: ${c.source.split(', ').pop() ?? ''}`, async () => {
      const expected = [...(c.expected ?? [c.issueCode])].sort()
      assert.deepEqual(await codesOf(c, c.bad), expected, 'the policy with the problem')
      assert.deepEqual(await codesOf(c, c.good), [], 'the corrected policy')
    })
  }

  it('covers every implemented check', () => {
    const covered = new Set<string>([...cases.map((c) => c.issueCode), ...GENERATED])
    assert.deepEqual(
      ISSUE_CODES.filter((code) => !covered.has(code)),
      [],
    )
  })
})

describe('policy size checks', () => {
  const statements = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Deny',
      Action: 's3:DeleteBucket',
      Resource: `arn:aws:s3:::bucket-number-${i}`,
    }))
  const sizes: readonly [IssueCode, ValidatePolicyType, number][] = [
    ['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', 'IDENTITY_POLICY', 6144],
    ['POLICY_SIZE_EXCEEDS_SCP_QUOTA', 'SERVICE_CONTROL_POLICY', 5120],
  ]
  for (const [code, policyType, limit] of sizes) {
    it(`${code}: over ${limit} characters`, async () => {
      const fits = { Version: '2012-10-17', Statement: statements(10) }
      const big = { Version: '2012-10-17', Statement: statements(Math.ceil(limit / 60)) }
      const c = { policyType } as CheckCase
      assert.deepEqual(await codesOf(c, fits), [])
      assert.deepEqual(await codesOf(c, big), [code])
    })
  }
  it('POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA and _ROLE_TRUST_POLICY_QUOTA', async () => {
    const principal = { AWS: 'arn:aws:iam::123456789012:root' }
    const bucket = {
      Version: '2012-10-17',
      Statement: statements(Math.ceil(20480 / 60)).map((s) => ({ ...s, Principal: principal })),
    }
    const c = { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' } as CheckCase
    assert.deepEqual(await codesOf(c, bucket), ['POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA'])
    const trust = {
      Version: '2012-10-17',
      Statement: Array.from({ length: 40 }, (_, i) => ({
        Sid: `S${i}`,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::1234567890${String(i).padStart(2, '0')}:root` },
        Action: 'sts:AssumeRole',
      })),
    }
    const t = { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' }
    assert.deepEqual(await codesOf(t as CheckCase, trust), [
      'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA',
    ])
  })
})
