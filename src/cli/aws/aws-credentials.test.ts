import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { CredentialsError, resolveCredentials } from './aws-credentials.ts'

const home = mkdtempSync(join(tmpdir(), 'xaccess-creds-'))
after(() => rmSync(home, { recursive: true, force: true }))
const credentialsFile = join(home, 'credentials')
const configFile = join(home, 'config')
writeFileSync(
  credentialsFile,
  '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s1\n\n' +
    '[ops]\naws_access_key_id=AKIAOPS\naws_secret_access_key=s2\naws_session_token=t2\n',
)
writeFileSync(
  configFile,
  '[profile ops]\nregion = eu-central-1\n\n[profile inline]\naws_access_key_id = AKIAINLINE\n' +
    'aws_secret_access_key = s3\n\n[profile sso]\nsso_session = x\n',
)
const files = { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: configFile }

describe('resolveCredentials', () => {
  it('takes the environment first', () => {
    const r = resolveCredentials(
      {},
      {
        ...files,
        AWS_ACCESS_KEY_ID: 'AKIAENV',
        AWS_SECRET_ACCESS_KEY: 'e',
        AWS_REGION: 'ap-south-1',
      },
    )
    assert.deepEqual(r.credentials, { accessKeyId: 'AKIAENV', secretAccessKey: 'e' })
    assert.equal(r.region, 'ap-south-1')
  })

  it('takes --profile over the environment, with the region of the config file', () => {
    const r = resolveCredentials(
      { profile: 'ops' },
      { ...files, AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'e' },
    )
    assert.deepEqual(r.credentials, {
      accessKeyId: 'AKIAOPS',
      secretAccessKey: 's2',
      sessionToken: 't2',
    })
    assert.equal(r.region, 'eu-central-1')
  })

  it('reads keys kept in the config file, and the default profile', () => {
    assert.equal(
      resolveCredentials({ profile: 'inline' }, files).credentials.accessKeyId,
      'AKIAINLINE',
    )
    assert.equal(resolveCredentials({}, files).credentials.accessKeyId, 'AKIADEFAULT')
    assert.equal(
      resolveCredentials({}, { ...files, AWS_PROFILE: 'ops' }).credentials.accessKeyId,
      'AKIAOPS',
    )
  })

  it('says what is missing', () => {
    assert.throws(
      () => resolveCredentials({}, { HOME: join(home, 'none') }),
      (e: Error) => e instanceof CredentialsError && /set AWS_ACCESS_KEY_ID/.test(e.message),
    )
    assert.throws(
      () => resolveCredentials({ profile: 'sso' }, files),
      (e: Error) =>
        e instanceof CredentialsError && /no AWS access key in profile 'sso'/.test(e.message),
    )
  })
})
