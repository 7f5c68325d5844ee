import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseScopes } from './policy-change-channel.ts'

describe('policy change notification payload', () => {
  it('reads scopes, none, everything, and an older node payload as everything', () => {
    assert.deepEqual(parseScopes(['account:111111111111', 'org:ou-ab12-aaaaaaaa']), [
      { kind: 'account', id: '111111111111' },
      { kind: 'org', id: 'ou-ab12-aaaaaaaa' },
    ])
    assert.deepEqual(parseScopes(['-']), [])
    assert.equal(parseScopes(['*']), undefined)
    assert.equal(parseScopes([]), undefined)
    assert.equal(parseScopes(['account:1', 'bogus']), undefined)
  })
})
