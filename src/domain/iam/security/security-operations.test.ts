import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createPasswordVerifier } from './password-verifier.ts'
import { userHasSecurityReferences } from './user-security-references.ts'
import {
  ACCOUNT,
  assertErrorsCovered,
  OTHER_ACCOUNT,
  openHarness,
  rejectsAws,
} from './security-harness.test.ts'
import type { Harness } from './security-harness.test.ts'

let h: Harness
before(async () => {
  h = await openHarness()
  h.users.add(ACCOUNT, 'carol')
  h.users.add(ACCOUNT, 'dave', '/ops/')
})
after(() => h.close())

describe('login profiles', () => {
  const strong = 'Correct-Horse-9'

  it("refuses an unknown user and a password the default policy rejects, in AWS's words", async () => {
    await rejectsAws(
      h.invoke('CreateLoginProfile', { UserName: 'nonexistent-user', Password: strong }),
      'NoSuchEntity',
      404,
      'The user with name nonexistent-user cannot be found.',
    )
    for (const weak of ['short1A', 'alllowercaseletters', 'lowerUPPERonly']) {
      await rejectsAws(
        h.invoke('CreateLoginProfile', { UserName: 'carol', Password: weak }),
        'PasswordPolicyViolation',
        400,
        'Password does not conform to the account password policy.',
      )
    }
  })

  it('creates, gets, updates and deletes a login profile; the hash is argon2id', async () => {
    const created = await h.invoke('CreateLoginProfile', { UserName: 'carol', Password: strong })
    assert.deepEqual(created, {
      LoginProfile: { UserName: 'carol', CreateDate: h.clock.now, PasswordResetRequired: false },
    })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:CreateLoginProfile',
      resource: `arn:aws:iam::${ACCOUNT}:user/carol`,
    })
    const carol = await h.users.findUser(ACCOUNT, 'carol')
    const stored = await h.store.getLoginProfile(ACCOUNT, carol!.userId)
    assert.match(stored!.passwordHash, /^\$argon2id\$/)
    assert.ok(!stored!.passwordHash.includes(strong))

    await rejectsAws(
      h.invoke('CreateLoginProfile', { UserName: 'carol', Password: strong }),
      'EntityAlreadyExists',
      409,
      'Login Profile for user carol already exists.',
    )
    await h.invoke('UpdateLoginProfile', { UserName: 'carol', PasswordResetRequired: 'true' })
    assert.equal(h.lastAuthorization()?.action, 'iam:UpdateLoginProfile')
    const got = await h.invoke('GetLoginProfile', { UserName: 'carol' })
    assert.deepEqual(got, {
      LoginProfile: { UserName: 'carol', CreateDate: h.clock.now, PasswordResetRequired: true },
    })
    assert.equal(h.lastAuthorization()?.action, 'iam:GetLoginProfile')
  })

  it('verifies passwords for sign-in: ok, reset required, invalid, unknown user alike', async () => {
    const verify = createPasswordVerifier({ store: h.store, users: h.users })
    assert.equal(await verify(ACCOUNT, 'carol', strong), 'reset-required')
    await h.invoke('UpdateLoginProfile', {
      UserName: 'carol',
      Password: 'Another-Pass-42',
      PasswordResetRequired: 'false',
    })
    assert.equal(await verify(ACCOUNT, 'carol', 'Another-Pass-42'), 'ok')
    assert.equal(await verify(ACCOUNT, 'carol', strong), 'invalid')
    assert.equal(await verify(ACCOUNT, 'nobody', strong), 'invalid')
    assert.equal(await verify(ACCOUNT, 'dave', strong), 'invalid')
    assert.equal(await verify(OTHER_ACCOUNT, 'carol', 'Another-Pass-42'), 'invalid')
  })

  it('follows the user through a rename (profiles are keyed by user id)', async () => {
    const carol = await h.users.findUser(ACCOUNT, 'carol')
    h.users.rename(carol!.userId, 'caroline')
    const got = await h.invoke('GetLoginProfile', { UserName: 'caroline' })
    assert.equal((got.LoginProfile as { UserName: string }).UserName, 'caroline')
    h.users.rename(carol!.userId, 'carol')
  })

  it('checks new passwords against the account policy', async () => {
    await h.invoke('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: '20',
      RequireSymbols: 'true',
    })
    await rejectsAws(
      h.invoke('UpdateLoginProfile', { UserName: 'carol', Password: 'Another-Pass-42' }),
      'PasswordPolicyViolation',
      400,
    )
    await h.invoke('UpdateLoginProfile', {
      UserName: 'carol',
      Password: 'a-long-password-with-symbols!',
    })
    await h.invoke('DeleteAccountPasswordPolicy')
  })

  it("answers NoSuchEntity in AWS's words for a missing profile", async () => {
    const carol = (await h.users.findUser(ACCOUNT, 'carol'))!
    assert.equal(await userHasSecurityReferences(h.store, ACCOUNT, carol.userId), true)
    await h.invoke('DeleteLoginProfile', { UserName: 'carol' })
    assert.equal(h.lastAuthorization()?.action, 'iam:DeleteLoginProfile')
    assert.equal(await userHasSecurityReferences(h.store, ACCOUNT, carol.userId), false)
    const missing = 'Login Profile for User carol cannot be found.'
    await rejectsAws(
      h.invoke('GetLoginProfile', { UserName: 'carol' }),
      'NoSuchEntity',
      404,
      missing,
    )
    await rejectsAws(
      h.invoke('DeleteLoginProfile', { UserName: 'carol' }),
      'NoSuchEntity',
      404,
      missing,
    )
    await rejectsAws(
      h.invoke('UpdateLoginProfile', { UserName: 'carol', PasswordResetRequired: 'true' }),
      'NoSuchEntity',
      404,
      missing,
    )
    await rejectsAws(
      h.invoke('DeleteLoginProfile', { UserName: 'nonexistent-user' }),
      'NoSuchEntity',
      404,
      'The user with name nonexistent-user cannot be found.',
    )
    assert.equal(h.lastAuthorization()?.resource, `arn:aws:iam::${ACCOUNT}:user/nonexistent-user`)
  })
})

describe('OpenID Connect providers', () => {
  const url = 'https://token.example.com'
  const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.example.com`
  const thumb = (c: string) => c.repeat(40)

  it('creates a provider and gets it as AWS shows it', async () => {
    const before = h.generation.current
    const out = await h.invoke('CreateOpenIDConnectProvider', {
      Url: url,
      ClientIDList: ['client-id-1'],
      ThumbprintList: [thumb('b')],
    })
    assert.deepEqual(out, { OpenIDConnectProviderArn: arn })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:CreateOpenIDConnectProvider',
      resource: arn,
      context: {},
    })
    assert.ok(h.generation.current > before)
    const got = await h.invoke('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })
    assert.deepEqual(got, {
      Url: 'token.example.com',
      ClientIDList: ['client-id-1'],
      ThumbprintList: [thumb('b')],
      CreateDate: h.clock.now,
      Tags: [],
    })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:GetOpenIDConnectProvider',
      resource: arn,
    })
    const listed = await h.invoke('ListOpenIDConnectProviders')
    assert.deepEqual(listed, { OpenIDConnectProviderList: [{ Arn: arn }] })
    assert.deepEqual(await h.invoke('ListOpenIDConnectProviders', {}, OTHER_ACCOUNT), {
      OpenIDConnectProviderList: [],
    })
  })

  it("refuses duplicates, bad URLs, too many thumbprints or client ids, in AWS's words", async () => {
    await rejectsAws(
      h.invoke('CreateOpenIDConnectProvider', { Url: url, ThumbprintList: [thumb('a')] }),
      'EntityAlreadyExists',
      409,
      `Provider with url ${url} already exists.`,
    )
    for (const bad of ['http://insecure.example.com', 'not a url', 'https://x.example.com?q=1']) {
      await rejectsAws(
        h.invoke('CreateOpenIDConnectProvider', { Url: bad }),
        'ValidationError',
        400,
        'Invalid Open ID Connect Provider URL',
      )
    }
    await rejectsAws(
      h.invoke('CreateOpenIDConnectProvider', {
        Url: 'https://many.example.com',
        ThumbprintList: ['a', 'b', 'c', 'd', 'e', 'f'].map(thumb),
      }),
      'InvalidInput',
      400,
      'Thumbprint list must contain fewer than 5 entries.',
    )
    await rejectsAws(
      h.invoke('CreateOpenIDConnectProvider', {
        Url: 'https://quota.example.com',
        ClientIDList: Array.from({ length: 101 }, (_, i) => `client-${i}`),
      }),
      'LimitExceeded',
      409,
      'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    )
    await rejectsAws(
      h.invoke('CreateOpenIDConnectProvider', {
        Url: 'https://' + 'a'.repeat(250) + '.example.com',
        ClientIDList: [''.padEnd(256, 'c')],
        ThumbprintList: ['short'],
      }),
      'ValidationError',
      400,
      "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255",
    )
  })

  it('adds and removes client ids, replaces thumbprints', async () => {
    const p = { OpenIDConnectProviderArn: arn }
    await h.invoke('AddClientIDToOpenIDConnectProvider', { ...p, ClientID: 'client-id-2' })
    await h.invoke('AddClientIDToOpenIDConnectProvider', { ...p, ClientID: 'client-id-2' })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:AddClientIDToOpenIDConnectProvider',
      resource: arn,
    })
    await h.invoke('RemoveClientIDFromOpenIDConnectProvider', { ...p, ClientID: 'client-id-1' })
    await h.invoke('UpdateOpenIDConnectProviderThumbprint', {
      ...p,
      ThumbprintList: [thumb('c'), thumb('d')],
    })
    const got = await h.invoke('GetOpenIDConnectProvider', p)
    assert.deepEqual(got.ClientIDList, ['client-id-2'])
    assert.deepEqual(got.ThumbprintList, [thumb('c'), thumb('d')])
    await rejectsAws(
      h.invoke('UpdateOpenIDConnectProviderThumbprint', {
        ...p,
        ThumbprintList: ['a', 'b', 'c', 'd', 'e', 'f'].map(thumb),
      }),
      'InvalidInput',
      400,
    )
    const ids = Array.from({ length: 99 }, (_, i) => `bulk-${i}`)
    for (const id of ids)
      await h.store.updateOidcProvider(arn, {
        clientIds: ['client-id-2', ...ids.slice(0, ids.indexOf(id) + 1)],
      })
    await rejectsAws(
      h.invoke('AddClientIDToOpenIDConnectProvider', { ...p, ClientID: 'one-too-many' }),
      'LimitExceeded',
      409,
    )
  })

  it('tags, lists tags with paging, untags; the tag limit holds', async () => {
    const p = { OpenIDConnectProviderArn: arn }
    await h.invoke('TagOpenIDConnectProvider', {
      ...p,
      Tags: [
        { Key: 'k1', Value: 'v1' },
        { Key: 'k2', Value: 'v2' },
      ],
    })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:TagOpenIDConnectProvider',
      resource: arn,
      context: {
        'aws:TagKeys': ['k1', 'k2'],
        'aws:RequestTag/k1': 'v1',
        'aws:RequestTag/k2': 'v2',
      },
    })
    assert.deepEqual(await h.invoke('ListOpenIDConnectProviderTags', p), {
      Tags: [
        { Key: 'k1', Value: 'v1' },
        { Key: 'k2', Value: 'v2' },
      ],
      IsTruncated: false,
    })
    const first = await h.invoke('ListOpenIDConnectProviderTags', { ...p, MaxItems: '1' })
    assert.equal(first.IsTruncated, true)
    const second = await h.invoke('ListOpenIDConnectProviderTags', {
      ...p,
      MaxItems: '1',
      Marker: first.Marker,
    })
    assert.deepEqual(second, { Tags: [{ Key: 'k2', Value: 'v2' }], IsTruncated: false })
    await rejectsAws(
      h.invoke('ListOpenIDConnectProviderTags', { ...p, Marker: 'bogus' }),
      'ValidationError',
      400,
      'Invalid Marker.',
    )
    await h.invoke('UntagOpenIDConnectProvider', { ...p, TagKeys: ['k2'] })
    assert.deepEqual(h.lastAuthorization()?.context, { 'aws:TagKeys': ['k2'] })
    assert.deepEqual((await h.invoke('GetOpenIDConnectProvider', p)).Tags, [
      { Key: 'k1', Value: 'v1' },
    ])
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `t${i}`, Value: 'x' }))
    await rejectsAws(
      h.invoke('TagOpenIDConnectProvider', { ...p, Tags: many }),
      'LimitExceeded',
      409,
      'The number of tags has reached the maximum limit.',
    )
  })

  it("deletes a provider; unknown ARNs answer AWS's two NoSuchEntity wordings", async () => {
    const unknown = `arn:aws:iam::${ACCOUNT}:oidc-provider/non-existent.example.com`
    await rejectsAws(
      h.invoke('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: unknown }),
      'NoSuchEntity',
      404,
      `OpenIDConnect Provider not found for arn ${unknown}`,
    )
    await rejectsAws(
      h.invoke('AddClientIDToOpenIDConnectProvider', {
        OpenIDConnectProviderArn: unknown,
        ClientID: 'c',
      }),
      'NoSuchEntity',
      404,
    )
    // Another account's caller cannot reach this provider.
    await rejectsAws(
      h.invoke('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }, OTHER_ACCOUNT),
      'NoSuchEntity',
      404,
    )
    await h.invoke('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:DeleteOpenIDConnectProvider',
      resource: arn,
    })
    await rejectsAws(
      h.invoke('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }),
      'NoSuchEntity',
      404,
      `OpenId connect Provider ${arn} cannot be found.`,
    )
  })
})

describe('account aliases', () => {
  it('creates, lists, replaces and deletes the one alias of an account', async () => {
    assert.deepEqual(await h.invoke('ListAccountAliases'), {
      AccountAliases: [],
      IsTruncated: false,
    })
    await h.invoke('CreateAccountAlias', { AccountAlias: 'securecart-dev' })
    assert.deepEqual(h.lastAuthorization(), { action: 'iam:CreateAccountAlias', resource: '*' })
    assert.deepEqual(await h.invoke('ListAccountAliases'), {
      AccountAliases: ['securecart-dev'],
      IsTruncated: false,
    })
    assert.deepEqual(h.lastAuthorization(), { action: 'iam:ListAccountAliases', resource: '*' })
    await h.invoke('CreateAccountAlias', { AccountAlias: 'securecart-dev2' })
    assert.deepEqual((await h.invoke('ListAccountAliases')).AccountAliases, ['securecart-dev2'])
  })

  it("refuses an alias any account holds, in AWS's words", async () => {
    await rejectsAws(
      h.invoke('CreateAccountAlias', { AccountAlias: 'securecart-dev2' }, OTHER_ACCOUNT),
      'EntityAlreadyExists',
      409,
      'The account alias securecart-dev2 already exists.',
    )
    await rejectsAws(
      h.invoke('CreateAccountAlias', { AccountAlias: 'securecart-dev2' }),
      'EntityAlreadyExists',
      409,
    )
    for (const bad of ['UPPER', '-lead', 'trail-', 'dou--ble', 'ab']) {
      await rejectsAws(
        h.invoke('CreateAccountAlias', { AccountAlias: bad }),
        'ValidationError',
        400,
        /^1 validation error detected: Value '.*' at 'accountAlias' failed to satisfy constraint/,
      )
    }
  })

  it('deletes only the alias the account holds', async () => {
    await rejectsAws(
      h.invoke('DeleteAccountAlias', { AccountAlias: 'not-mine' }),
      'NoSuchEntity',
      404,
      'The account alias not-mine cannot be found.',
    )
    await h.invoke('DeleteAccountAlias', { AccountAlias: 'securecart-dev2' })
    assert.deepEqual(h.lastAuthorization(), { action: 'iam:DeleteAccountAlias', resource: '*' })
    assert.deepEqual((await h.invoke('ListAccountAliases')).AccountAliases, [])
    await h.invoke('CreateAccountAlias', { AccountAlias: 'securecart-dev2' }, OTHER_ACCOUNT)
  })
})

describe('account password policy', () => {
  it("answers AWS's NoSuchEntity wordings when there is none", async () => {
    await rejectsAws(
      h.invoke('GetAccountPasswordPolicy'),
      'NoSuchEntity',
      404,
      `The Password Policy with domain name ${ACCOUNT} cannot be found.`,
    )
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:GetAccountPasswordPolicy',
      resource: '*',
    })
    await rejectsAws(
      h.invoke('DeleteAccountPasswordPolicy'),
      'NoSuchEntity',
      404,
      'The account policy with name PasswordPolicy cannot be found.',
    )
  })

  it('sets the defaults AWS records', async () => {
    await h.invoke('UpdateAccountPasswordPolicy')
    assert.deepEqual(h.lastAuthorization(), {
      action: 'iam:UpdateAccountPasswordPolicy',
      resource: '*',
    })
    assert.deepEqual(await h.invoke('GetAccountPasswordPolicy'), {
      PasswordPolicy: {
        AllowUsersToChangePassword: false,
        ExpirePasswords: false,
        MinimumPasswordLength: 6,
        RequireLowercaseCharacters: false,
        RequireNumbers: false,
        RequireSymbols: false,
        RequireUppercaseCharacters: false,
      },
    })
  })

  it('sets custom values as AWS records them', async () => {
    await h.invoke('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: '10',
      RequireSymbols: 'true',
      RequireNumbers: 'true',
      RequireUppercaseCharacters: 'true',
      RequireLowercaseCharacters: 'true',
      AllowUsersToChangePassword: 'true',
      MaxPasswordAge: '60',
      PasswordReusePrevention: '3',
      HardExpiry: 'true',
    })
    assert.deepEqual(await h.invoke('GetAccountPasswordPolicy'), {
      PasswordPolicy: {
        AllowUsersToChangePassword: true,
        ExpirePasswords: true,
        HardExpiry: true,
        MaxPasswordAge: 60,
        MinimumPasswordLength: 10,
        PasswordReusePrevention: 3,
        RequireLowercaseCharacters: true,
        RequireNumbers: true,
        RequireSymbols: true,
        RequireUppercaseCharacters: true,
      },
    })
  })

  it("reports out-of-range values in AWS's recorded wording and order", async () => {
    await rejectsAws(
      h.invoke('UpdateAccountPasswordPolicy', {
        MinimumPasswordLength: '129',
        PasswordReusePrevention: '25',
        MaxPasswordAge: '1096',
      }),
      'ValidationError',
      400,
      "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; Value at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24; Value at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095",
    )
    await h.invoke('DeleteAccountPasswordPolicy')
    await rejectsAws(h.invoke('GetAccountPasswordPolicy'), 'NoSuchEntity', 404)
  })
})

describe('error registry', () => {
  it('these tests raise every error they are responsible for', () => {
    assertErrorsCovered('others')
  })
})
