/**
 * SCIM 2.0 provisioning (issue 14) against a real `xaccess serve` on SQLite and PostgreSQL,
 * with the requests Okta and Entra ID send: look a user up by userName, create, replace (PUT),
 * patch (Entra ID's per-attribute operations), deactivate, delete; a group with its members added
 * and removed. The bearer token comes from `xaccess sso scim-token create`. The portal follows:
 * a group member sees the group's account tile, a removed member does not, a deactivated or
 * deleted user cannot sign in. The identitystore API sees the same users, and CloudTrail the
 * SCIM writes (never the token).
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { LookupEventsCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { DescribeUserCommand } from '@aws-sdk/client-identitystore'
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-sso-admin'
import { PortalError, signInToPortal } from '../support/portal-session.ts'
import { xaccessOk } from '../support/xaccess-cli.ts'
import { clientsFor, createMemberAccount } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const PASSWORD = 'Scim-provisioned 42!'

serverSuite('SCIM provisioning as Okta and Entra ID do it', (ctx) => {
  let token = ''
  let tokenId = ''
  let storeId = ''
  const env = () => ({
    AWS_ACCESS_KEY_ID: ctx.server().bootstrap.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ctx.server().bootstrap.secretAccessKey,
    AWS_REGION: 'us-east-1',
  })
  const xaccess = (args: string[], input?: string) =>
    xaccessOk(['sso', ...args, '--endpoint-url', ctx.server().url], {
      env: env(),
      ...(input === undefined ? {} : { input }),
    })
  const scim = async (
    method: string,
    path: string,
    body?: object,
    bearer = token,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any; type: string | null }> => {
    const r = await fetch(`${ctx.server().url}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        'user-agent': 'Okta SCIM Client 1.0.0',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return {
      status: r.status,
      body: text === '' ? undefined : JSON.parse(text),
      type: r.headers.get('content-type'),
    }
  }
  const tiles = async (session: Awaited<ReturnType<typeof signInToPortal>>) =>
    ((await session.get('accounts')) as { accounts: { accountName: string }[] }).accounts
      .map((a) => a.accountName)
      .sort()

  it('an administrator creates a SCIM token with the CLI; it is listed without its secret', async () => {
    const created = JSON.parse((await xaccess(['scim-token', 'create', '--json'])).stdout)
    token = created.AccessToken
    tokenId = created.TokenId
    assert.match(token, /^xscim\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/)
    // The SDK's JSON: epoch seconds.
    const year = (Number(created.ExpiresAt) - Number(created.CreatedAt)) / 86_400
    assert.equal(Math.round(year), 365)
    const listed = (await xaccess(['scim-token', 'list'])).stdout
    assert.match(listed, new RegExp(`^${tokenId}\tcreated 20\\d\\d-.*\texpires 20\\d\\d-`, 'm'))
    assert.ok(listed.includes(tokenId))
    assert.ok(!listed.includes(token.split('.')[2]!), 'the secret is never listed')
    const root = clientsFor(ctx.server().url, ctx.server().bootstrap)
    const { Instances } = await root.ssoAdmin.send(new ListInstancesCommand({}))
    storeId = Instances![0]!.IdentityStoreId!
  })

  it('refuses a missing, malformed or wrong token with 401 in the SCIM error shape', async () => {
    for (const bearer of ['', 'nope', `xscim.${tokenId}.${'A'.repeat(43)}`]) {
      const r = await scim('GET', '/Users', undefined, bearer)
      assert.equal(r.status, 401)
      assert.deepEqual(r.body.schemas, [ERROR])
      assert.equal(r.body.status, '401')
    }
  })

  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await scim('GET', '/ServiceProviderConfig')
    assert.equal(config.status, 200)
    assert.equal(config.type, 'application/scim+json')
    assert.equal(config.body.patch.supported, true)
    assert.equal(config.body.bulk.supported, false)
    assert.equal(config.body.filter.maxResults, 100)
    assert.equal(config.body.authenticationSchemes[0].type, 'oauthbearertoken')
    const types = await scim('GET', '/ResourceTypes')
    assert.deepEqual(
      types.body.Resources.map((t: { id: string }) => t.id),
      ['User', 'Group'],
    )
    const schema = await scim('GET', `/Schemas/${USER}`)
    assert.equal(schema.body.name, 'User')
  })

  it('Okta: create a user and a group with a membership; the portal shows the group tile', async () => {
    const root = clientsFor(ctx.server().url, ctx.server().bootstrap)
    const dev = await createMemberAccount(root.org, 'Dev', 'dev@example.com')
    const { Instances } = await root.ssoAdmin.send(new ListInstancesCommand({}))
    const InstanceArn = Instances![0]!.InstanceArn!

    // Okta looks the user up first, then creates it.
    const lookup = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "alice@example.com"')}&startIndex=1&count=100`,
    )
    assert.equal(lookup.status, 200)
    assert.equal(lookup.body.totalResults, 0)
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'alice@example.com',
      name: { givenName: 'Alice', familyName: 'Liddell' },
      emails: [{ primary: true, value: 'alice@example.com', type: 'work' }],
      displayName: 'Alice Liddell',
      locale: 'en-US',
      externalId: '00u1abcdEFGH',
      groups: [],
      active: true,
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const alice = created.body.id as string
    assert.equal(created.body.userName, 'alice@example.com')
    assert.equal(created.body.active, true)
    assert.deepEqual(created.body.emails, [
      { primary: true, value: 'alice@example.com', type: 'work' },
    ])
    assert.equal(created.body.meta.location, `${ctx.server().url}/scim/v2/Users/${alice}`)

    const again = await scim('POST', '/Users', {
      ...created.body,
      id: undefined,
      userName: 'ALICE@example.com',
    })
    assert.equal(again.status, 409)
    assert.equal(again.body.scimType, 'uniqueness')

    const found = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "Alice@Example.com"')}`,
    )
    assert.deepEqual(
      found.body.Resources.map((u: { id: string }) => u.id),
      [alice],
    )

    // The same user through the identitystore API.
    const described = await root.identitystore.send(
      new DescribeUserCommand({ IdentityStoreId: storeId, UserId: alice }),
    )
    assert.equal(described.UserName, 'alice@example.com')
    assert.equal(described.UserStatus, 'ENABLED')

    const group = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Engineers',
      members: [],
    })
    assert.equal(group.status, 201)
    const engineers = group.body.id as string
    const add = await scim('PATCH', `/Groups/${engineers}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: alice, display: 'alice@example.com' }] },
      ],
    })
    assert.equal(add.status, 204)
    const byMember = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`id eq "${engineers}" and members eq "${alice}"`)}`,
    )
    assert.equal(byMember.body.totalResults, 1)

    const { PermissionSet } = await root.ssoAdmin.send(
      new CreatePermissionSetCommand({ InstanceArn, Name: 'Developer' }),
    )
    const { AccountAssignmentCreationStatus: s } = await root.ssoAdmin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn,
        TargetId: dev,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PermissionSet!.PermissionSetArn!,
        PrincipalType: 'GROUP',
        PrincipalId: engineers,
      }),
    )
    let status = s!.Status
    while (status === 'IN_PROGRESS') {
      const d = await root.ssoAdmin.send(
        new DescribeAccountAssignmentCreationStatusCommand({
          InstanceArn,
          AccountAssignmentCreationRequestId: s!.RequestId!,
        }),
      )
      status = d.AccountAssignmentCreationStatus!.Status
    }
    assert.equal(status, 'SUCCEEDED')

    await xaccess(['set-password', '--user-name', 'alice@example.com'], PASSWORD)
    const session = await signInToPortal(ctx.server().url, 'alice@example.com', PASSWORD)
    assert.deepEqual(await tiles(session), ['Dev'])

    // Okta removes the membership: the tile goes.
    const remove = await scim('PATCH', `/Groups/${engineers}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${alice}"]` }],
    })
    assert.equal(remove.status, 204)
    assert.deepEqual(await tiles(session), [])

    // Entra ID adds and removes with a value list, and renames the group.
    const entraAdd = await scim('PATCH', `/Groups/${engineers}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Add', path: 'members', value: [{ value: alice }] },
        { op: 'Replace', path: 'displayName', value: 'Engineering' },
      ],
    })
    assert.equal(entraAdd.status, 204)
    assert.deepEqual(await tiles(session), ['Dev'])
    assert.equal((await scim('GET', `/Groups/${engineers}`)).body.displayName, 'Engineering')
    const renamed = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}`,
    )
    assert.equal(renamed.body.totalResults, 1)
    const removeAll = await scim('PATCH', `/Groups/${engineers}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: 'members' }],
    })
    assert.equal(removeAll.status, 400, 'removing all members is refused, as AWS does')
    const entraRemove = await scim('PATCH', `/Groups/${engineers}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: alice }] }],
    })
    assert.equal(entraRemove.status, 204)
    assert.deepEqual(await tiles(session), [])
    await scim('PATCH', `/Groups/${engineers}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: alice }] }],
    })
    assert.deepEqual(await tiles(session), ['Dev'])

    // Okta updates the profile with PUT.
    const put = await scim('PUT', `/Users/${alice}`, {
      ...created.body,
      displayName: 'Alice P. Liddell',
      name: { givenName: 'Alice', familyName: 'Liddell', middleName: 'P' },
      title: 'Engineer',
    })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    assert.equal(put.body.displayName, 'Alice P. Liddell')
    assert.equal(put.body.name.middleName, 'P')

    // Entra ID patches attribute by attribute.
    const entra = await scim('PATCH', `/Users/${alice}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alice@wonderland.example' },
        { op: 'Add', path: 'name.givenName', value: 'Alicia' },
        { op: 'Replace', path: 'title', value: 'Staff Engineer' },
        {
          op: 'Add',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'R&D',
        },
      ],
    })
    assert.equal(entra.status, 200, JSON.stringify(entra.body))
    assert.equal(entra.body.emails[0].value, 'alice@wonderland.example')
    assert.equal(entra.body.name.givenName, 'Alicia')
    assert.equal(entra.body.name.familyName, 'Liddell')
    assert.equal(entra.body.title, 'Staff Engineer')

    // Okta deactivates: the open session ends and sign-in is refused; reactivation restores it.
    const off = await scim('PATCH', `/Users/${alice}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    })
    assert.equal(off.status, 200)
    assert.equal(off.body.active, false)
    const disabled = await root.identitystore.send(
      new DescribeUserCommand({ IdentityStoreId: storeId, UserId: alice }),
    )
    assert.equal(disabled.UserStatus, 'DISABLED')
    await assert.rejects(
      session.get('accounts'),
      (e: unknown) => e instanceof PortalError && e.status === 401,
    )
    await assert.rejects(
      signInToPortal(ctx.server().url, 'alice@example.com', PASSWORD, session.mfaSeed),
      (e: unknown) => e instanceof PortalError && e.status === 401,
    )
    // Entra ID sends the boolean as a string.
    const on = await scim('PATCH', `/Users/${alice}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
    })
    assert.equal(on.body.active, true)
    const back = await signInToPortal(
      ctx.server().url,
      'alice@example.com',
      PASSWORD,
      session.mfaSeed,
    )
    assert.deepEqual(await tiles(back), ['Dev'])

    // Deleted: gone from SCIM and the portal.
    assert.equal((await scim('DELETE', `/Users/${alice}`)).status, 204)
    const gone = await scim('GET', `/Users/${alice}`)
    assert.equal(gone.status, 404)
    assert.deepEqual(gone.body.schemas, [ERROR])
    await assert.rejects(
      back.get('accounts'),
      (e: unknown) => e instanceof PortalError && e.status === 401,
    )
    await assert.rejects(
      signInToPortal(ctx.server().url, 'alice@example.com', PASSWORD, session.mfaSeed),
      (e: unknown) => e instanceof PortalError && e.status === 401,
    )
    assert.equal((await scim('DELETE', `/Groups/${engineers}`)).status, 204)
    assert.equal((await scim('GET', `/Groups/${engineers}`)).status, 404)
  })

  it('validates as AWS: required attributes, one email, unsupported filters; pages with startIndex and count', async () => {
    const noName = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'bob',
      displayName: 'Bob',
    })
    assert.equal(noName.status, 400)
    assert.equal(noName.body.scimType, 'invalidValue')
    const twoEmails = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'bob',
      displayName: 'Bob',
      name: { givenName: 'Bob', familyName: 'B' },
      emails: [{ value: 'a@x.example' }, { value: 'b@x.example' }],
    })
    assert.equal(twoEmails.status, 400)
    const badFilter = await scim('GET', `/Users?filter=${encodeURIComponent('userName co "a"')}`)
    assert.equal(badFilter.status, 400)
    assert.equal(badFilter.body.scimType, 'invalidFilter')
    for (const n of ['u1', 'u2', 'u3']) {
      const r = await scim('POST', '/Users', {
        schemas: [USER],
        userName: n,
        displayName: n,
        name: { givenName: n, familyName: n },
      })
      assert.equal(r.status, 201)
    }
    // A refused request changes nothing: no member of the pair is added.
    const u1 = (await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "u1"')}`)).body
      .Resources[0].id as string
    const ops = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Ops' })).body
      .id as string
    const half = await scim('PATCH', `/Groups/${ops}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: u1 }, { value: 'no-such-user' }] },
      ],
    })
    assert.equal(half.status, 404)
    const members = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`id eq "${ops}" and members eq "${u1}"`)}`,
    )
    assert.equal(members.body.totalResults, 0)
    const page = await scim('GET', '/Users?startIndex=2&count=1')
    assert.equal(page.body.totalResults, 3)
    assert.equal(page.body.itemsPerPage, 1)
    assert.equal(page.body.startIndex, 2)
    assert.equal(page.body.Resources.length, 1)
  })

  it('records SCIM writes in CloudTrail without the token; a deleted token stops working', async () => {
    const cloudtrail = new CloudTrailClient({
      endpoint: ctx.server().url,
      region: 'us-east-1',
      credentials: ctx.server().bootstrap,
    })
    const { Events } = await cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [
          { AttributeKey: 'EventSource', AttributeValue: 'identitystore-scim.amazonaws.com' },
        ],
      }),
    )
    const names = new Set((Events ?? []).map((e) => e.EventName))
    for (const n of [
      'CreateUser',
      'PutUser',
      'PatchUser',
      'DeleteUser',
      'CreateGroup',
      'PatchGroup',
      'DeleteGroup',
    ])
      assert.ok(names.has(n), `${n} recorded`)
    const secret = token.split('.')[2]!
    assert.ok(!(Events ?? []).some((e) => (e.CloudTrailEvent ?? '').includes(secret)))
    const created =
      (
        await cloudtrail.send(
          new LookupEventsCommand({
            LookupAttributes: [
              { AttributeKey: 'EventName', AttributeValue: 'XaccessCreateScimAccessToken' },
            ],
          }),
        )
      ).Events ?? []
    assert.equal(created.length, 1)
    assert.ok(!(created[0]!.CloudTrailEvent ?? '').includes(secret))

    await xaccess(['scim-token', 'delete', '--token-id', tokenId])
    assert.equal((await scim('GET', '/Users')).status, 401)
  })
})
