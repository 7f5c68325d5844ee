// `xaccess validate` in-process: what people read, the JSON, and the exit codes.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, it } from 'node:test'
import { validateCommand } from './validate.ts'

const dir = mkdtempSync(join(tmpdir(), 'xaccess-validate-'))
const file = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return path
}
const clean = file('clean.json', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
})
const passRole = file('pass-role.json', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObjct', 'iam:PassRole'], Resource: '*' }],
})
const suggestionOnly = file('sid.json', {
  Version: '2012-10-17',
  Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
})

async function run(args: readonly string[], stdin?: string) {
  let stdout = ''
  let stderr = ''
  const out = new PassThrough().on('data', (d: Buffer) => (stdout += d.toString()))
  const err = new PassThrough().on('data', (d: Buffer) => (stderr += d.toString()))
  const input = new PassThrough()
  input.end(stdin ?? '')
  const status = await validateCommand(args, { stdin: input, stdout: out, stderr: err })
  return { status, stdout, stderr }
}

describe('xaccess validate', () => {
  it('prints file:line:column, severity, code, message and fix; exit 1 on an error', async () => {
    const r = await run([passRole])
    assert.equal(r.status, 1)
    const lines = r.stdout.split('\n')
    assert.ok(
      lines.includes(
        `${passRole}:7:9: error INVALID_ACTION: The action s3:GetObjct does not exist. Did you mean s3:GetObject?`,
      ),
      r.stdout,
    )
    assert.ok(lines.includes('  fix: did you mean s3:GetObject?'), r.stdout)
    assert.match(r.stdout, /:8:9: security warning PASS_ROLE_WITH_STAR_IN_RESOURCE: /)
    assert.match(r.stdout, /^1 error, 1 security warning in 1 file$/m)
  })

  it('exits 0 with no findings, or with warnings and suggestions only', async () => {
    const none = await run([clean])
    assert.deepEqual([none.status, none.stdout], [0, 'no findings in 1 file\n'])
    const some = await run([suggestionOnly, clean])
    assert.equal(some.status, 0)
    assert.match(some.stdout, /suggestion EMPTY_SID_VALUE/)
    assert.match(some.stdout, /^1 suggestion in 2 files$/m)
  })

  it('gives AWS-shaped findings with --json, and reads - from stdin', async () => {
    const r = await run(['--json', '-'], '{"Statement": []}')
    assert.equal(r.status, 1)
    const out = JSON.parse(r.stdout) as {
      files: { file: string; findings: { issueCode: string; learnMoreLink: string }[] }[]
    }
    assert.equal(out.files[0]?.file, '-')
    assert.deepEqual(
      out.files[0]?.findings.map((f) => f.issueCode),
      ['MISSING_VERSION', 'MISSING_STATEMENT'],
    )
  })

  it('takes the policy type and resource type', async () => {
    const trust = file('trust.json', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }],
    })
    const args = ['--type', 'RESOURCE_POLICY', '--resource-type']
    const r = await run([...args, 'AWS::IAM::AssumeRolePolicyDocument', trust])
    assert.equal(r.status, 1)
    assert.match(r.stdout, /ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL/)
  })

  const usage: readonly [string, readonly string[], RegExp][] = [
    ['no file', [], /name at least one policy file/],
    ['an unknown option', ['--nope', clean], /Unknown option '--nope'/],
    ['an unknown type', ['--type', 'SESSION_POLICY', clean], /--type must be one of/],
    [
      'a resource type without RESOURCE_POLICY',
      ['--resource-type', 'AWS::S3::Bucket', clean],
      /goes with --type RESOURCE_POLICY/,
    ],
    [
      'an unknown resource type',
      ['--type', 'RESOURCE_POLICY', '--resource-type', 'AWS::X', clean],
      /--resource-type must be one of/,
    ],
    ['an unreadable file', [join(dir, 'missing.json')], /cannot read .*missing\.json/],
  ]
  for (const [what, args, message] of usage) {
    it(`exits 2 with a message on ${what}`, async () => {
      const r = await run(args)
      assert.equal(r.status, 2)
      assert.match(r.stderr, message)
    })
  }

  it('has --help', async () => {
    const r = await run(['--help'])
    assert.equal(r.status, 0)
    assert.match(r.stdout, /^usage: xaccess validate FILE\.\.\./)
  })
})
