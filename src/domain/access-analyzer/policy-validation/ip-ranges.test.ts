import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canonicalIfHostBits, isPrivateRange, parseIpRange } from './ip-ranges.ts'

describe('IP ranges', () => {
  it('reads IPv4 and IPv6 addresses and ranges, and refuses the rest', () => {
    assert.deepEqual(parseIpRange('10.0.0.0/8'), { version: 4, address: 167772160n, prefix: 8 })
    assert.equal(parseIpRange('203.0.113.7')?.prefix, 32)
    assert.equal(parseIpRange('2001:db8::/32')?.version, 6)
    for (const bad of ['300.1.1.1', '1.2.3', '1.2.3.4/33', '2001:db8::1::2', 'x', '1.2.3.4/a'])
      assert.equal(parseIpRange(bad), undefined, bad)
  })

  it('knows private, loopback, link-local and unique-local space', () => {
    const priv = (v: string) => isPrivateRange(parseIpRange(v) ?? assert.fail(v))
    assert.equal(priv('10.1.0.0/16'), true)
    assert.equal(priv('172.20.0.0/16'), true)
    assert.equal(priv('192.168.1.1'), true)
    assert.equal(priv('fd00::/8'), true)
    assert.equal(priv('172.32.0.0/16'), false)
    assert.equal(priv('10.0.0.0/7'), false)
    assert.equal(priv('203.0.113.0/24'), false)
  })

  it('gives the canonical range when host bits are set', () => {
    const canon = (v: string) => canonicalIfHostBits(parseIpRange(v) ?? assert.fail(v))
    assert.equal(canon('203.0.113.5/24'), '203.0.113.0/24')
    assert.equal(canon('203.0.113.0/24'), undefined)
    assert.equal(canon('2001:db8::1/64'), '2001:db8::/64')
  })
})
