import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeBase32, totpAt, totpStep } from './totp.ts'

// RFC 6238 appendix B: the SHA-1 seed is the ASCII text "12345678901234567890".
const RFC_SEED = Buffer.from('12345678901234567890')

test('RFC 6238 test vectors (SHA-1, 8 digits)', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ]
  for (const [seconds, code] of vectors) {
    assert.equal(totpAt(RFC_SEED, totpStep(seconds * 1000), 8), code)
  }
})

test('6 digits keep the last six of the truncated value', () => {
  assert.equal(totpAt(RFC_SEED, totpStep(59_000)), '287082')
})

test('Base32 decoding (RFC 4648 section 10)', () => {
  assert.equal(decodeBase32('MZXW6YTBOI======').toString(), 'foobar')
  assert.equal(decodeBase32('mzxw6ytb').toString(), 'fooba')
  assert.equal(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString(), '12345678901234567890')
  assert.throws(() => decodeBase32('A1'), /not a Base32 character/)
})
