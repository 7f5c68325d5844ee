import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { base32Decode, base32Encode } from './base32.ts'
import { hotp, matchConsecutive, matchTotp, timeStep, totp } from './totp.ts'

// RFC 6238, Appendix B: SHA-1 seed "12345678901234567890", 8 digits, T0 = 0, X = 30.
const RFC_SEED = Buffer.from('12345678901234567890')
const RFC_VECTORS: readonly (readonly [seconds: number, code: string])[] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

describe('TOTP (RFC 6238)', () => {
  for (const [seconds, code] of RFC_VECTORS) {
    it(`matches the RFC's SHA-1 vector at T=${seconds}`, () => {
      assert.equal(totp(RFC_SEED, new Date(seconds * 1000), 8), code)
    })
  }

  it("matches RFC 4226's HOTP vectors (6 digits) for counters 0 to 9", () => {
    const expected = ['755224', '287082', '359152', '969429', '338314']
    expected.push('254676', '287922', '162583', '399871', '520489')
    expected.forEach((code, counter) => assert.equal(hotp(RFC_SEED, counter), code))
  })

  it('uses 30-second steps', () => {
    assert.equal(timeStep(new Date(59_000)), 1)
    assert.equal(timeStep(new Date(60_000)), 2)
  })

  it('accepts the current step and one either side, nothing further', () => {
    const now = new Date(1_700_000_000_000)
    const step = timeStep(now)
    for (const delta of [-1, 0, 1]) {
      assert.equal(matchTotp(RFC_SEED, hotp(RFC_SEED, step + delta), now), step + delta)
    }
    for (const delta of [-3, -2, 2, 3]) {
      assert.equal(matchTotp(RFC_SEED, hotp(RFC_SEED, step + delta), now), undefined)
    }
    assert.equal(matchTotp(RFC_SEED, '12345', now), undefined)
    assert.equal(matchTotp(RFC_SEED, 'abcdef', now), undefined)
  })

  it('matches two consecutive codes and answers the step of the second', () => {
    const now = new Date(1_700_000_000_000)
    const s = timeStep(now)
    const c = (n: number) => hotp(RFC_SEED, n)
    assert.equal(matchConsecutive(RFC_SEED, c(s - 1), c(s), now, 2), s)
    assert.equal(matchConsecutive(RFC_SEED, c(s), c(s - 1), now, 2), undefined)
    assert.equal(matchConsecutive(RFC_SEED, c(s), c(s), now, 2), undefined)
    assert.equal(matchConsecutive(RFC_SEED, c(s - 10), c(s - 9), now, 2), undefined)
    assert.equal(matchConsecutive(RFC_SEED, c(s - 10), c(s - 9), now, 20), s - 9)
  })
})

describe('base32', () => {
  it("encodes RFC 4648's test vectors (without padding) and decodes them back", () => {
    const vectors = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ] as const
    for (const [plain, encoded] of vectors) {
      assert.equal(base32Encode(Buffer.from(plain)), encoded)
      assert.equal(base32Decode(encoded)?.toString(), plain)
    }
    assert.equal(base32Decode('MZXW6YTBOI======')?.toString(), 'foobar')
    assert.equal(base32Decode('mzxw6')?.toString(), 'foo')
    assert.equal(base32Decode('M1'), undefined)
  })
})
