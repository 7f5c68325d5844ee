import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cidrContains, parseCidr, parseIp } from './ip-address.ts'

describe('parseIp', () => {
  for (const bad of [
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.x',
    ':::',
    '1::2::3',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
  ]) {
    it(`rejects '${bad}'`, () => assert.equal(parseIp(bad), undefined))
  }
  for (const good of [
    '0.0.0.0',
    '10.1.2.3',
    '::',
    '::1',
    '2001:db8::8a2e:370:7334',
    '1:2:3:4:5:6:7:8',
    '::ffff:10.1.2.3',
  ]) {
    it(`accepts '${good}'`, () => assert.notEqual(parseIp(good), undefined))
  }
  it('treats an IPv4-mapped IPv6 address as IPv4', () =>
    assert.equal(parseIp('::ffff:10.1.2.3')?.v4, true))
})

describe('cidrContains', () => {
  const cases: [cidr: string, ip: string, expected: boolean][] = [
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['203.0.113.9', '203.0.113.9', true],
    ['203.0.113.9/32', '203.0.113.10', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['128.0.0.0/1', '255.255.255.255', true],
    ['128.0.0.0/1', '127.255.255.255', false],
    ['255.255.255.254/31', '255.255.255.255', true],
    ['192.168.1.0/23', '192.168.0.7', true],
    ['2001:db8::/32', '2001:db8:1234::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['2001:db8:abcd:12::/64', '2001:db8:abcd:12:ffff::1', true],
    ['::/0', '::1', true],
    ['10.0.0.0/8', '::ffff:10.0.0.1', true],
    ['10.0.0.0/8', '2001:db8::1', false],
    ['2001:db8::/32', '10.0.0.1', false],
  ]
  for (const [cidr, ip, expected] of cases) {
    it(`${cidr} ${expected ? 'contains' : 'does not contain'} ${ip}`, () => {
      const block = parseCidr(cidr)
      const addr = parseIp(ip)
      assert.ok(block && addr)
      assert.equal(cidrContains(block, addr), expected)
    })
  }
  it('rejects a prefix longer than the family allows', () => {
    assert.equal(parseCidr('10.0.0.0/33'), undefined)
    assert.equal(parseCidr('::/129'), undefined)
  })
})
