import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { base32Decode } from './base32.ts'
import { createMfaVerifier, createUserMfaVerifier } from './mfa-verifier.ts'
import { securityErrors } from './errors.ts'
import {
  ACCOUNT,
  assertErrorsCovered,
  ERRORS_COVERED_BY,
  OTHER_ACCOUNT,
  openHarness,
  rejectsAws,
} from './security-harness.test.ts'
import type { Harness } from './security-harness.test.ts'
import { hotp, timeStep } from './totp.ts'

const serialOf = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:mfa${path}${name}`

describe('virtual MFA device operations', () => {
  let h: Harness
  before(async () => {
    h = await openHarness()
    h.users.add(ACCOUNT, 'alice')
    h.users.add(ACCOUNT, 'bob', '/staff/')
  })
  after(() => h.close())

  /** Creates a device and answers its serial number and seed. */
  async function create(name: string, extra: Record<string, unknown> = {}) {
    const out = await h.invoke('CreateVirtualMFADevice', { VirtualMFADeviceName: name, ...extra })
    const device = out.VirtualMFADevice as Record<string, string>
    const base32 = Buffer.from(device.Base32StringSeed!, 'base64').toString()
    return { serial: device.SerialNumber!, seed: base32Decode(base32)!, device }
  }
  const code = (seed: Buffer, delta = 0) => hotp(seed, timeStep(h.clock.now) + delta)

  it('creates a device: 20-byte seed shown once, a PNG, sealed at rest', async () => {
    const { serial, seed, device } = await create('dev1')
    assert.equal(serial, serialOf('dev1'))
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:CreateVirtualMFADevice',
      resource: serialOf('dev1'),
      context: {},
    })
    assert.equal(seed.length, 20)
    const png = Buffer.from(device.QRCodePNG!, 'base64')
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const row = await h.store.getMfaDevice(serial)
    assert.ok(row)
    assert.ok(!row.sealedSeed.includes(seed.toString('base64')))
    assert.deepEqual(h.box.open('secret', row.sealedSeed), seed)
    assert.equal(h.box.open('session-token', row.sealedSeed), undefined)
    // The seed is never shown again.
    const listed = await h.invoke('ListVirtualMFADevices')
    assert.ok(!JSON.stringify(listed).includes('Base32StringSeed'))
  })

  it('creates with a path and tags; the tags are request condition keys', async () => {
    const { serial } = await create('dev-path', {
      Path: '/test//double/',
      Tags: [{ Key: 'team', Value: 'sec' }],
    })
    assert.equal(serial, serialOf('dev-path', '/test//double/'))
    assert.deepEqual(h.lastAuthorization()?.context, {
      'aws:TagKeys': ['team'],
      'aws:RequestTag/team': 'sec',
    })
  })

  it("refuses a duplicate name and bad paths with AWS's messages", async () => {
    await rejectsAws(create('dev1'), 'EntityAlreadyExists', 409, 'MFA device already exists.')
    await rejectsAws(create('dev1', { Path: '/other/' }), 'EntityAlreadyExists', 409)
    const badPath =
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.'
    await rejectsAws(create('p1', { Path: 'no-leading/' }), 'ValidationError', 400, badPath)
    await rejectsAws(create('p2', { Path: '/no-trailing' }), 'ValidationError', 400, badPath)
    await rejectsAws(
      create('p3', { Path: '/' + 'a'.repeat(512) + '/' }),
      'ValidationError',
      400,
      "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
    )
    await rejectsAws(
      h.invoke('CreateVirtualMFADevice', {}),
      'ValidationError',
      400,
      "1 validation error detected: Value null at 'virtualMFADeviceName' failed to satisfy constraint: Member must not be null",
    )
  })

  it('enables a device with two consecutive codes, once', async () => {
    const { serial, seed } = await create('alice-mfa')
    const base = { UserName: 'alice', SerialNumber: serial }
    await rejectsAws(
      h.invoke('EnableMFADevice', {
        ...base,
        UserName: 'nonexistent-user',
        AuthenticationCode1: code(seed, -1),
        AuthenticationCode2: code(seed),
      }),
      'NoSuchEntity',
      404,
      'The user with name nonexistent-user cannot be found.',
    )
    await rejectsAws(
      h.invoke('EnableMFADevice', {
        ...base,
        SerialNumber: serialOf('nonexistent-mfa'),
        AuthenticationCode1: code(seed, -1),
        AuthenticationCode2: code(seed),
      }),
      'NoSuchEntity',
      404,
      `MFA Device with serial number ${serialOf('nonexistent-mfa')} does not exist.`,
    )
    for (const [c1, c2] of [
      [code(seed), code(seed)],
      [code(seed), code(seed, -1)],
      ['000000', '000000'],
      [code(seed, -6), code(seed, -5)],
    ]) {
      await rejectsAws(
        h.invoke('EnableMFADevice', { ...base, AuthenticationCode1: c1, AuthenticationCode2: c2 }),
        'InvalidAuthenticationCode',
        403,
        'Authentication code for device is not valid.',
      )
    }
    await rejectsAws(
      h.invoke('EnableMFADevice', {
        ...base,
        AuthenticationCode1: '12345',
        AuthenticationCode2: 'abcdef',
      }),
      'ValidationError',
      400,
      /2 validation errors detected: Value '12345' at 'authenticationCode1' .*; Value 'abcdef' at 'authenticationCode2' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\d\]\+/,
    )
    await h.invoke('EnableMFADevice', {
      ...base,
      AuthenticationCode1: code(seed, -1),
      AuthenticationCode2: code(seed),
    })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:EnableMFADevice',
      resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
    })
    await rejectsAws(
      h.invoke('EnableMFADevice', {
        ...base,
        UserName: 'bob',
        AuthenticationCode1: code(seed),
        AuthenticationCode2: code(seed, 1),
      }),
      'EntityAlreadyExists',
      409,
      'MFA Device is already in use.',
    )
    assert.equal(h.lastAuthorization()?.resource, `arn:aws:iam::${ACCOUNT}:user/staff/bob`)
  })

  it('lists devices per user and per assignment status, with the user', async () => {
    const listed = await h.invoke('ListMFADevices', { UserName: 'alice' })
    assert.deepEqual(listed, {
      MFADevices: [
        { UserName: 'alice', SerialNumber: serialOf('alice-mfa'), EnableDate: h.clock.now },
      ],
      IsTruncated: false,
    })
    assert.deepEqual(await h.invoke('ListMFADevices', { UserName: 'bob' }), {
      MFADevices: [],
      IsTruncated: false,
    })
    await rejectsAws(h.invoke('ListMFADevices', { UserName: 'ghost' }), 'NoSuchEntity', 404)
    // Without UserName: the calling user ("admin", unknown here).
    await rejectsAws(h.invoke('ListMFADevices'), 'NoSuchEntity', 404)

    const assigned = await h.invoke('ListVirtualMFADevices', { AssignmentStatus: 'Assigned' })
    const alice = await h.users.findUser(ACCOUNT, 'alice')
    assert.deepEqual(assigned, {
      VirtualMFADevices: [
        {
          SerialNumber: serialOf('alice-mfa'),
          User: {
            Path: '/',
            UserName: 'alice',
            UserId: alice!.userId,
            Arn: alice!.arn,
            CreateDate: alice!.createDate,
          },
          EnableDate: h.clock.now,
        },
      ],
      IsTruncated: false,
    })
    assert.deepEqual(h.lastAuthorization(), { action: 'iam:ListVirtualMFADevices', resource: '*' })
    const unassigned = await h.invoke('ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' })
    assert.deepEqual(
      (unassigned.VirtualMFADevices as { SerialNumber: string }[]).map((d) => d.SerialNumber),
      [serialOf('dev1'), serialOf('dev-path', '/test//double/')].sort(),
    )
    const other = await h.invoke('ListVirtualMFADevices', {}, OTHER_ACCOUNT)
    assert.deepEqual(other, { VirtualMFADevices: [], IsTruncated: false })
  })

  it('pages virtual devices with Marker and MaxItems', async () => {
    const first = await h.invoke('ListVirtualMFADevices', { MaxItems: '2' })
    assert.equal((first.VirtualMFADevices as unknown[]).length, 2)
    assert.equal(first.IsTruncated, true)
    const rest = await h.invoke('ListVirtualMFADevices', { MaxItems: '2', Marker: first.Marker })
    assert.equal((rest.VirtualMFADevices as unknown[]).length, 1)
    assert.equal(rest.IsTruncated, false)
    await rejectsAws(
      h.invoke('ListVirtualMFADevices', { Marker: 'not-a-marker' }),
      'ValidationError',
      400,
      'Invalid Marker.',
    )
    await rejectsAws(
      h.invoke('ListVirtualMFADevices', { AssignmentStatus: 'Some' }),
      'ValidationError',
      400,
      "1 validation error detected: Value 'Some' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Assigned, Unassigned, Any]",
    )
  })

  it('verifies codes: ±1 step, each step once, unknown and unassigned devices refused', async () => {
    const verify = createMfaVerifier(h.store, h.box)
    const serial = serialOf('alice-mfa')
    const row = await h.store.getMfaDevice(serial)
    const seed = h.box.open('secret', row!.sealedSeed)!
    const now = h.clock.now
    // The code that enabled the device is spent.
    assert.equal(await verify(serial, code(seed), now), 'replayed')
    assert.equal(await verify(serial, code(seed, -1), now), 'replayed')
    assert.equal(await verify(serial, code(seed, 1), now), 'ok')
    assert.equal(await verify(serial, code(seed, 1), now), 'replayed')
    const later = new Date(now.getTime() + 90_000)
    assert.equal(await verify(serial, '000000', later), 'invalid')
    assert.equal(await verify(serial, hotp(seed, timeStep(later) + 2), later), 'invalid')
    assert.equal(await verify(serial, hotp(seed, timeStep(later)), later), 'ok')
    assert.equal(await verify(serialOf('dev1'), '123456', now), 'no-device')
    assert.equal(await verify(serialOf('none'), '123456', now), 'no-device')
  })

  it("verifies codes for STS on the calling user's device only, leaving others' codes unspent", async () => {
    const verify = createUserMfaVerifier(h.store, h.box)
    const serial = serialOf('alice-mfa')
    const seed = h.box.open('secret', (await h.store.getMfaDevice(serial))!.sealedSeed)!
    const alice = (await h.users.findUser(ACCOUNT, 'alice'))!.userId
    const bob = (await h.users.findUser(ACCOUNT, 'bob'))!.userId
    const later = new Date(h.clock.now.getTime() + 300_000)
    const valid = hotp(seed, timeStep(later))
    // Alice's device with her valid code, presented as bob: not his device.
    assert.equal(await verify(bob, serial, valid, later), 'no-device')
    // An unassigned virtual device and an unknown serial number: no one's.
    for (const user of [alice, bob]) {
      assert.equal(await verify(user, serialOf('dev1'), '123456', later), 'no-device')
      assert.equal(await verify(user, serialOf('none'), '123456', later), 'no-device')
    }
    // Bob's attempt spent nothing: alice's code still works once, then is a replay.
    assert.equal(await verify(alice, serial, valid, later), 'ok')
    assert.equal(await verify(alice, serial, valid, later), 'replayed')
    assert.equal(await verify(bob, serial, valid, later), 'no-device')
    assert.equal(await verify(alice, serial, '000000', later), 'invalid')
  })

  it('resynchronises with two consecutive codes and refuses them twice', async () => {
    const serial = serialOf('alice-mfa')
    const seed = h.box.open('secret', (await h.store.getMfaDevice(serial))!.sealedSeed)!
    h.clock.now = new Date(h.clock.now.getTime() + 600_000)
    const base = { UserName: 'alice', SerialNumber: serial }
    const pair = { AuthenticationCode1: code(seed, 6), AuthenticationCode2: code(seed, 7) }
    await rejectsAws(
      h.invoke('ResyncMFADevice', {
        ...base,
        AuthenticationCode1: '111111',
        AuthenticationCode2: '222222',
      }),
      'InvalidAuthenticationCode',
      403,
    )
    await rejectsAws(
      h.invoke('ResyncMFADevice', { ...base, UserName: 'bob', ...pair }),
      'NoSuchEntity',
      404,
      `MFA Device with serial number ${serial} does not exist.`,
    )
    await h.invoke('ResyncMFADevice', { ...base, ...pair })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:ResyncMFADevice',
      resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
    })
    await rejectsAws(
      h.invoke('ResyncMFADevice', { ...base, ...pair }),
      'InvalidAuthenticationCode',
      403,
    )
  })

  it('gets one device of a user', async () => {
    const serial = serialOf('alice-mfa')
    const got = await h.invoke('GetMFADevice', { UserName: 'alice', SerialNumber: serial })
    assert.equal(got.SerialNumber, serial)
    assert.equal(got.UserName, 'alice')
    assert.ok(got.EnableDate instanceof Date)
    assert.equal(h.lastAuthorization()?.action, 'iam:GetMFADevice')
    await rejectsAws(
      h.invoke('GetMFADevice', { UserName: 'bob', SerialNumber: serial }),
      'NoSuchEntity',
      404,
    )
  })

  it('refuses to delete an assigned device; deactivates, then deletes', async () => {
    const serial = serialOf('alice-mfa')
    await rejectsAws(
      h.invoke('DeleteVirtualMFADevice', { SerialNumber: serial }),
      'DeleteConflict',
      409,
      'MFA Device is still in use.',
    )
    await rejectsAws(
      h.invoke('DeactivateMFADevice', { UserName: 'nonexistent-user', SerialNumber: serial }),
      'NoSuchEntity',
      404,
      'The user with name nonexistent-user cannot be found.',
    )
    await rejectsAws(
      h.invoke('DeactivateMFADevice', {
        UserName: 'alice',
        SerialNumber: serialOf('nonexistent-mfa'),
      }),
      'NoSuchEntity',
      404,
      `MFA Device with serial number ${serialOf('nonexistent-mfa')} does not exist.`,
    )
    await h.invoke('DeactivateMFADevice', { UserName: 'alice', SerialNumber: serial })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:DeactivateMFADevice',
      resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
    })
    assert.deepEqual(await h.invoke('ListMFADevices', { UserName: 'alice' }), {
      MFADevices: [],
      IsTruncated: false,
    })
    assert.equal(
      await createMfaVerifier(h.store, h.box)(serial, '123456', h.clock.now),
      'no-device',
    )
    await h.invoke('DeleteVirtualMFADevice', { SerialNumber: serial })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:DeleteVirtualMFADevice',
      resource: serial,
    })
    await rejectsAws(
      h.invoke('DeleteVirtualMFADevice', { SerialNumber: serial }),
      'NoSuchEntity',
      404,
      `MFA Device with serial number ${serial} does not exist.`,
    )
    // Another account cannot see or delete this account's devices.
    await rejectsAws(
      h.invoke('DeleteVirtualMFADevice', { SerialNumber: serialOf('dev1') }, OTHER_ACCOUNT),
      'NoSuchEntity',
      404,
    )
  })

  it('refuses a re-enable with codes at or before the last step the device accepted', async () => {
    const { serial, seed } = await create('reuse')
    const enable = (c1: string, c2: string) =>
      h.invoke('EnableMFADevice', {
        UserName: 'bob',
        SerialNumber: serial,
        AuthenticationCode1: c1,
        AuthenticationCode2: c2,
      })
    await enable(code(seed, -1), code(seed))
    await h.invoke('DeactivateMFADevice', { UserName: 'bob', SerialNumber: serial })
    await rejectsAws(enable(code(seed, -1), code(seed)), 'InvalidAuthenticationCode', 403)
    await enable(code(seed), code(seed, 1))
  })
})

describe('error registry', () => {
  it('the MFA tests raise every MFA error; the two test files together cover the registry', () => {
    assertErrorsCovered('mfa')
    const covered = new Set<string>([...ERRORS_COVERED_BY.mfa, ...ERRORS_COVERED_BY.others])
    assert.deepEqual(
      Object.keys(securityErrors).filter((name) => !covered.has(name)),
      [],
    )
  })
})
