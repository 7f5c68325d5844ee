import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { PassThrough } from 'node:stream'
import { checkPolicyCommand } from './check-policy.ts'

const dir = mkdtempSync(join(tmpdir(), 'xaccess-check-policy-'))
const file = (name: string, doc: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc))
  return path
}
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement })

async function run(argv: string[]) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d: Buffer) => (out += d.toString()))
  stderr.on('data', (d: Buffer) => (err += d.toString()))
  const code = await checkPolicyCommand(argv, { stdout, stderr })
  return { code, out, err }
}

const OLD = file(
  'old.json',
  policy({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::d/*' }),
)
const NEW = file(
  'new.json',
  policy(
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::d/*' },
    { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::d/*' },
  ),
)

test('no-new-access: FAIL with the statement and a witness (exit 1), PASS the other way (exit 0)', async () => {
  const fail = await run(['no-new-access', OLD, NEW])
  assert.equal(fail.code, 1)
  assert.match(fail.out, /^FAIL: The modified permissions grant new access/)
  assert.match(fail.out, /New access in the statement with index: 1\. \(Sid Write\)/)
  assert.match(fail.out, /action {5}s3:PutObject/)
  const json = await run(['no-new-access', OLD, NEW, '--json'])
  const parsed = JSON.parse(json.out) as { result: string; xaccessWitness: { action: string } }
  assert.equal(parsed.result, 'FAIL')
  assert.equal(parsed.xaccessWitness.action, 's3:PutObject')
  const narrower = file(
    'narrow.json',
    policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::d/x' }),
  )
  const pass = await run(['no-new-access', OLD, narrower])
  assert.equal(pass.code, 0)
  assert.match(pass.out, /^PASS: /)
})

test('access-not-granted and no-public-access', async () => {
  assert.equal((await run(['access-not-granted', OLD, '--action', 's3:PutObject'])).code, 0)
  assert.equal((await run(['access-not-granted', OLD, '--action', 's3:GetObject'])).code, 1)
  const open = file(
    'open.json',
    policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::d/*',
    }),
  )
  const r = await run(['no-public-access', open, '--resource-type', 'AWS::S3::Bucket'])
  assert.equal(r.code, 1)
  assert.match(r.out, /principal {2}\*/)
})

test('bad usage and bad files exit 2 with a message', async () => {
  assert.equal((await run(['no-new-access', OLD])).code, 2)
  assert.equal((await run(['sideways', OLD])).code, 2)
  assert.equal((await run(['access-not-granted', OLD])).code, 2)
  assert.equal(
    (await run(['no-public-access', OLD, '--resource-type', 'AWS::EC2::Instance'])).code,
    2,
  )
  const broken = await run(['no-new-access', OLD, file('broken.json', '{"Statement": [')])
  assert.equal(broken.code, 2)
  assert.match(broken.err, /not valid JSON/)
  assert.equal((await run(['no-new-access', OLD, join(dir, 'missing.json')])).code, 2)
})
