import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { awsConfigOwner, IniDocument, markerLine, type IniSectionText } from './ini-document.ts'

const OWNER = awsConfigOwner('xaccess')
const session: IniSectionText = {
  name: 'sso-session xaccess',
  values: [['sso_start_url', 'http://h/portal/']],
}
const profile = (name: string, account: string): IniSectionText => ({
  name: `profile ${name}`,
  values: [
    ['sso_session', 'xaccess'],
    ['sso_account_id', account],
  ],
})

const USER_FILE = [
  '# my settings',
  '[default]',
  'region = eu-west-1',
  's3 =',
  '    max_concurrent_requests = 20',
  '',
  '; work account',
  '[profile work]',
  'aws_access_key_id=AKIAEXAMPLE',
  '',
].join('\n')

describe('IniDocument', () => {
  it('reads key/value pairs of a section, skipping comments and nested values', () => {
    const doc = IniDocument.parse(USER_FILE)
    assert.deepEqual(
      [...doc.values('default')],
      [
        ['region', 'eu-west-1'],
        ['s3', ''],
      ],
    )
    assert.equal(doc.values('profile  work').get('aws_access_key_id'), 'AKIAEXAMPLE')
    assert.equal(doc.values('profile nobody').size, 0)
  })

  it('appends its sections to a file it never wrote, keeping every line before them', () => {
    const r = IniDocument.parse(USER_FILE).replaceOwned(OWNER, [session, profile('a', '1')])
    assert.ok(r.text.startsWith(USER_FILE), r.text)
    assert.deepEqual(r.written, ['sso-session xaccess', 'profile a'])
    assert.deepEqual([r.replaced, r.removed, r.skipped], [[], [], []])
    assert.ok(r.text.includes(`${markerLine(OWNER)}\n[profile a]\nsso_session = xaccess\n`))
  })

  it('writes a new file from nothing', () => {
    const r = IniDocument.parse('').replaceOwned(OWNER, [session])
    assert.equal(
      r.text,
      `${markerLine(OWNER)}\n[sso-session xaccess]\nsso_start_url = http://h/portal/\n`,
    )
  })

  it('replaces only its own sections, in place, and reports the ones that went away', () => {
    const first = IniDocument.parse(USER_FILE).replaceOwned(OWNER, [
      session,
      profile('a', '1'),
      profile('b', '2'),
    ])
    // The user adds a section after ours, with a comment right above it.
    const edited = first.text + '\n# later\n[profile later]\nregion = us-west-2\n'
    const second = IniDocument.parse(edited).replaceOwned(OWNER, [session, profile('a', '9')])
    assert.deepEqual(second.replaced, ['sso-session xaccess', 'profile a'])
    assert.deepEqual(second.removed, ['profile b'])
    assert.ok(second.text.startsWith(USER_FILE))
    assert.ok(second.text.includes('sso_account_id = 9'))
    assert.ok(!second.text.includes('[profile b]'))
    assert.ok(second.text.endsWith('\n# later\n[profile later]\nregion = us-west-2\n'), second.text)
    // Running again with the same sections changes nothing.
    const third = IniDocument.parse(second.text).replaceOwned(OWNER, [session, profile('a', '9')])
    assert.equal(third.text, second.text)
  })

  it('never overwrites a section it does not own, nor another sso-session owner', () => {
    const other = awsConfigOwner('other')
    const base = IniDocument.parse(USER_FILE).replaceOwned(other, [profile('shared', '5')]).text
    const withMine = base + '[profile work2]\nregion = x\n'
    const r = IniDocument.parse(withMine).replaceOwned(OWNER, [
      profile('work', '1'),
      profile('shared', '2'),
      profile('work2', '3'),
      profile('fresh', '4'),
    ])
    assert.deepEqual(r.skipped, ['profile work', 'profile shared', 'profile work2'])
    assert.deepEqual(r.written, ['profile fresh'])
    assert.ok(r.text.startsWith(withMine))
    // Removing all of ours leaves the other owner's section.
    const gone = IniDocument.parse(r.text).replaceOwned(OWNER, [])
    assert.equal(gone.text, withMine)
    assert.deepEqual(gone.removed, ['profile fresh'])
  })

  it('keeps CRLF line endings', () => {
    const crlf = USER_FILE.replace(/\n/g, '\r\n')
    const r = IniDocument.parse(crlf).replaceOwned(OWNER, [session])
    assert.ok(r.text.startsWith(crlf))
    assert.ok(!/[^\r]\n/.test(r.text), JSON.stringify(r.text))
  })
})
