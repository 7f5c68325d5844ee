import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MEMBER, newUser, openHarness, STORE_ID } from './identity-store-harness.test.ts'

const S = { IdentityStoreId: STORE_ID }
const ID_FORM = /^9067a1b2c3-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('Identity Store service', () => {
  let h: Awaited<ReturnType<typeof openHarness>>
  before(async () => {
    h = await openHarness()
  })
  after(() => h.close())

  it('is the identitystore service with every operation of the issue', () => {
    assert.equal(h.service.name, 'identitystore')
    const names = Object.keys(h.service.operations)
    // xaccess's own extensions carry the Xaccess prefix; AWS's operations are listed below.
    assert.deepEqual(
      names.filter((n) => n.startsWith('Xaccess')),
      ['XaccessSetUserPassword'],
    )
    assert.deepEqual(names.filter((n) => !n.startsWith('Xaccess')).sort(), [
      'CreateGroup',
      'CreateGroupMembership',
      'CreateUser',
      'DeleteGroup',
      'DeleteGroupMembership',
      'DeleteUser',
      'DescribeGroup',
      'DescribeGroupMembership',
      'DescribeUser',
      'GetGroupId',
      'GetGroupMembershipId',
      'GetUserId',
      'IsMemberInGroups',
      'ListGroupMemberships',
      'ListGroupMembershipsForMember',
      'ListGroups',
      'ListUsers',
      'UpdateGroup',
      'UpdateUser',
    ])
  })

  it('creates, describes, finds, updates, lists and deletes a user', async () => {
    h.authorized.length = 0
    const created = await h.invoke('CreateUser', newUser('alice'))
    assert.equal(created.IdentityStoreId, STORE_ID)
    const userId = created.UserId as string
    assert.match(userId, ID_FORM)
    assert.deepEqual(h.authorized[0], {
      action: 'identitystore:CreateUser',
      resource: `arn:aws:identitystore::111111111111:identitystore/${STORE_ID}`,
      resourceAccount: '111111111111',
    })

    h.authorized.length = 0
    const user = await h.invoke('DescribeUser', { ...S, UserId: userId })
    assert.deepEqual(
      h.authorized.map((a) => a.resource),
      [
        `arn:aws:identitystore::111111111111:identitystore/${STORE_ID}`,
        `arn:aws:identitystore:::user/${userId}`,
      ],
    )
    assert.equal(user.UserName, 'alice')
    assert.equal(user.DisplayName, 'alice Example')
    assert.deepEqual(user.Name, {
      GivenName: 'alice',
      FamilyName: 'Example',
      Formatted: 'alice Example',
    })
    assert.deepEqual(user.Emails, [{ Value: 'alice@example.com', Type: 'work', Primary: true }])
    assert.equal(user.UserStatus, 'ENABLED')
    assert.ok(user.CreatedAt instanceof Date)
    assert.equal(user.CreatedBy, 'arn:aws:iam::111111111111:user/admin')

    const found = await h.invoke('GetUserId', {
      ...S,
      AlternateIdentifier: {
        UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'ALICE' },
      },
    })
    assert.deepEqual(found, { IdentityStoreId: STORE_ID, UserId: userId })

    await h.invoke('UpdateUser', {
      ...S,
      UserId: userId,
      Operations: [
        { AttributePath: 'displayName', AttributeValue: 'Alice A.' },
        { AttributePath: 'name.givenName', AttributeValue: 'Alicia' },
        { AttributePath: 'nickName', AttributeValue: 'Al' },
        { AttributePath: 'emails' },
      ],
    })
    const updated = await h.invoke('DescribeUser', { ...S, UserId: userId })
    assert.equal(updated.DisplayName, 'Alice A.')
    assert.equal((updated.Name as Record<string, string>).GivenName, 'Alicia')
    assert.equal(updated.NickName, 'Al')
    assert.equal(updated.Emails, undefined)

    const bob = (await h.invoke('CreateUser', newUser('bob'))).UserId
    const all = await h.invoke('ListUsers', { ...S, MaxResults: 1 })
    assert.equal((all.Users as unknown[]).length, 1)
    assert.ok(all.NextToken)
    const rest = await h.invoke('ListUsers', { ...S, NextToken: all.NextToken })
    assert.equal((rest.Users as unknown[]).length, 1)
    assert.equal(rest.NextToken, undefined)
    const filtered = await h.invoke('ListUsers', {
      ...S,
      Filters: [{ AttributePath: 'UserName', AttributeValue: 'bob' }],
    })
    assert.deepEqual(
      (filtered.Users as { UserId: string }[]).map((u) => u.UserId),
      [bob],
    )

    assert.deepEqual(await h.invoke('DeleteUser', { ...S, UserId: bob }), {})
    await h.fails('DescribeUser', { ...S, UserId: bob }, 'ResourceNotFoundException', {
      ResourceType: 'USER',
      ResourceId: bob as string,
    })
  })

  it('creates, describes, finds, updates, lists and deletes a group', async () => {
    const { GroupId } = await h.invoke('CreateGroup', {
      ...S,
      DisplayName: 'Developers',
      Description: 'devs',
    })
    assert.match(GroupId as string, ID_FORM)
    const group = await h.invoke('DescribeGroup', { ...S, GroupId })
    assert.equal(group.DisplayName, 'Developers')
    assert.equal(group.Description, 'devs')
    assert.equal(group.IdentityStoreId, STORE_ID)
    const found = await h.invoke('GetGroupId', {
      ...S,
      AlternateIdentifier: {
        UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'developers' },
      },
    })
    assert.equal(found.GroupId, GroupId)
    await h.invoke('UpdateGroup', {
      ...S,
      GroupId,
      Operations: [
        { AttributePath: 'displayName', AttributeValue: 'Devs' },
        { AttributePath: 'description' },
      ],
    })
    const updated = await h.invoke('DescribeGroup', { ...S, GroupId })
    assert.equal(updated.DisplayName, 'Devs')
    assert.equal(updated.Description, undefined)
    const listed = await h.invoke('ListGroups', {
      ...S,
      Filters: [{ AttributePath: 'DisplayName', AttributeValue: 'Devs' }],
    })
    assert.deepEqual(
      (listed.Groups as { GroupId: string }[]).map((g) => g.GroupId),
      [GroupId],
    )
    assert.deepEqual(await h.invoke('DeleteGroup', { ...S, GroupId }), {})
    await h.fails('DescribeGroup', { ...S, GroupId }, 'ResourceNotFoundException', {
      ResourceType: 'GROUP',
      ResourceId: GroupId as string,
    })
  })

  it('manages memberships: create, describe, find, list both ways, check, delete', async () => {
    const userId = (await h.invoke('CreateUser', newUser('carol'))).UserId as string
    const g1 = (await h.invoke('CreateGroup', { ...S, DisplayName: 'g1' })).GroupId as string
    const g2 = (await h.invoke('CreateGroup', { ...S, DisplayName: 'g2' })).GroupId as string
    h.authorized.length = 0
    const { MembershipId } = await h.invoke('CreateGroupMembership', {
      ...S,
      GroupId: g1,
      MemberId: { UserId: userId },
    })
    assert.match(MembershipId as string, ID_FORM)
    assert.deepEqual(h.authorized.map((a) => a.resource).slice(1), [
      `arn:aws:identitystore:::group/${g1}`,
      `arn:aws:identitystore:::user/${userId}`,
    ])
    const m = await h.invoke('DescribeGroupMembership', { ...S, MembershipId })
    assert.equal(m.GroupId, g1)
    assert.deepEqual(m.MemberId, { UserId: userId })
    const id = await h.invoke('GetGroupMembershipId', {
      ...S,
      GroupId: g1,
      MemberId: { UserId: userId },
    })
    assert.equal(id.MembershipId, MembershipId)
    const ofGroup = await h.invoke('ListGroupMemberships', { ...S, GroupId: g1 })
    assert.deepEqual(
      (ofGroup.GroupMemberships as { MembershipId: string }[]).map((x) => x.MembershipId),
      [MembershipId],
    )
    const ofUser = await h.invoke('ListGroupMembershipsForMember', {
      ...S,
      MemberId: { UserId: userId },
    })
    assert.equal((ofUser.GroupMemberships as unknown[]).length, 1)
    const check = await h.invoke('IsMemberInGroups', {
      ...S,
      MemberId: { UserId: userId },
      GroupIds: [g1, g2],
    })
    assert.deepEqual(check.Results, [
      { GroupId: g1, MemberId: { UserId: userId }, MembershipExists: true },
      { GroupId: g2, MemberId: { UserId: userId }, MembershipExists: false },
    ])
    assert.deepEqual(await h.invoke('DeleteGroupMembership', { ...S, MembershipId }), {})
    await h.fails('DescribeGroupMembership', { ...S, MembershipId }, 'ResourceNotFoundException', {
      ResourceType: 'GROUP_MEMBERSHIP',
      ResourceId: MembershipId as string,
    })
  })

  describe('errors', () => {
    it('ConflictException on a duplicate user name, group name or membership', async () => {
      await h.invoke('CreateUser', newUser('dave'))
      const e = await h.fails('CreateUser', newUser('DAVE'), 'ConflictException', {
        Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
      })
      assert.equal(e.message, 'Duplicate UserName')
      assert.equal(e.httpStatus, 409)
      const other = (await h.invoke('CreateUser', newUser('erin'))).UserId
      await h.fails(
        'UpdateUser',
        {
          ...S,
          UserId: other,
          Operations: [{ AttributePath: 'userName', AttributeValue: 'dave' }],
        },
        'ConflictException',
      )
      await h.invoke('CreateGroup', { ...S, DisplayName: 'Ops' })
      const g = await h.fails('CreateGroup', { ...S, DisplayName: 'ops' }, 'ConflictException')
      assert.equal(g.message, 'Duplicate GroupDisplayName')
      const gid = (await h.invoke('CreateGroup', { ...S, DisplayName: 'Sec' })).GroupId
      await h.fails(
        'UpdateGroup',
        {
          ...S,
          GroupId: gid,
          Operations: [{ AttributePath: 'displayName', AttributeValue: 'OPS' }],
        },
        'ConflictException',
      )
      const req = { ...S, GroupId: gid, MemberId: { UserId: other } }
      await h.invoke('CreateGroupMembership', req)
      await h.fails('CreateGroupMembership', req, 'ConflictException', {
        Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
      })
    })

    it('ResourceNotFoundException with ResourceType and ResourceId', async () => {
      const missing = '9067a1b2c3-00000000-0000-4000-8000-000000000000'
      const userId = (await h.invoke('CreateUser', newUser('frank'))).UserId as string
      const gid = (await h.invoke('CreateGroup', { ...S, DisplayName: 'g-frank' })).GroupId
      const cases: [string, Record<string, unknown>, string, string][] = [
        ['DescribeUser', { ...S, UserId: missing }, 'USER', missing],
        ['DeleteUser', { ...S, UserId: missing }, 'USER', missing],
        [
          'UpdateUser',
          {
            ...S,
            UserId: missing,
            Operations: [{ AttributePath: 'nickName', AttributeValue: 'x' }],
          },
          'USER',
          missing,
        ],
        [
          'GetUserId',
          {
            ...S,
            AlternateIdentifier: {
              UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'nobody' },
            },
          },
          'USER',
          'nobody',
        ],
        [
          'GetUserId',
          { ...S, AlternateIdentifier: { ExternalId: { Issuer: 'i', Id: 'x1' } } },
          'USER',
          'x1',
        ],
        ['DescribeGroup', { ...S, GroupId: missing }, 'GROUP', missing],
        ['DeleteGroup', { ...S, GroupId: missing }, 'GROUP', missing],
        [
          'UpdateGroup',
          {
            ...S,
            GroupId: missing,
            Operations: [{ AttributePath: 'description', AttributeValue: 'x' }],
          },
          'GROUP',
          missing,
        ],
        [
          'GetGroupId',
          {
            ...S,
            AlternateIdentifier: {
              UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'none' },
            },
          },
          'GROUP',
          'none',
        ],
        ['ListGroupMemberships', { ...S, GroupId: missing }, 'GROUP', missing],
        ['ListGroupMembershipsForMember', { ...S, MemberId: { UserId: missing } }, 'USER', missing],
        [
          'IsMemberInGroups',
          { ...S, MemberId: { UserId: missing }, GroupIds: [gid] },
          'USER',
          missing,
        ],
        [
          'CreateGroupMembership',
          { ...S, GroupId: missing, MemberId: { UserId: userId } },
          'GROUP',
          missing,
        ],
        [
          'CreateGroupMembership',
          { ...S, GroupId: gid, MemberId: { UserId: missing } },
          'USER',
          missing,
        ],
        [
          'GetGroupMembershipId',
          { ...S, GroupId: gid, MemberId: { UserId: userId } },
          'GROUP_MEMBERSHIP',
          userId,
        ],
        ['DescribeGroupMembership', { ...S, MembershipId: missing }, 'GROUP_MEMBERSHIP', missing],
        ['DeleteGroupMembership', { ...S, MembershipId: missing }, 'GROUP_MEMBERSHIP', missing],
        ['ListUsers', { IdentityStoreId: 'd-0000000000' }, 'IDENTITY_STORE', 'd-0000000000'],
      ]
      for (const [name, raw, type, id] of cases) {
        const e = await h.fails(name, raw, 'ResourceNotFoundException', {
          ResourceType: type,
          ResourceId: id,
        })
        assert.equal(e.message, `${type} not found.`)
        assert.equal(e.httpStatus, 404)
      }
    })

    it('ValidationException in AWS wording', async () => {
      const e1 = await h.fails('DescribeUser', { ...S, UserId: 'bad' }, 'ValidationException')
      assert.equal(
        e1.message,
        "1 validation error detected: Value 'bad' at 'userId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}",
      )
      const e2 = await h.fails('ListUsers', {}, 'ValidationException')
      assert.match(
        e2.message,
        /at 'identityStoreId' failed to satisfy constraint: Member must not be null/,
      )
      const e3 = await h.fails('CreateUser', { ...S, DisplayName: 'x' }, 'ValidationException')
      assert.equal(e3.message, 'userName is a required attribute')
      const e4 = await h.fails(
        'CreateUser',
        { ...S, UserName: 'u1', Name: {} },
        'ValidationException',
      )
      assert.equal(
        e4.message,
        'displayname: The attribute displayname is required, familyname: The attribute familyname is required, givenname: The attribute givenname is required',
      )
      const e5 = await h.fails(
        'CreateUser',
        newUser('u2', { Name: undefined }),
        'ValidationException',
      )
      assert.equal(e5.message, 'name: The attribute name is required')
      await h.fails('CreateUser', newUser('Administrator'), 'ValidationException')
      await h.fails(
        'CreateGroup',
        { ...S, DisplayName: 'AWSAdministrators' },
        'ValidationException',
      )
      await h.fails('CreateGroup', S, 'ValidationException')
      await h.fails(
        'CreateUser',
        newUser('u3', { Emails: [{ Value: 'a' }, { Value: 'b' }] }),
        'ValidationException',
      )
      await h.fails('ListUsers', { ...S, MaxResults: 101 }, 'ValidationException')
      await h.fails('ListUsers', { ...S, NextToken: 'not-a-token' }, 'ValidationException')
      await h.fails(
        'ListUsers',
        { ...S, Filters: [{ AttributePath: 'Title', AttributeValue: 'x' }] },
        'ValidationException',
      )
      await h.fails(
        'GetUserId',
        {
          ...S,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: 'title', AttributeValue: 'x' } },
        },
        'ValidationException',
      )
      await h.fails('GetUserId', S, 'ValidationException')
      const uid = (await h.invoke('CreateUser', newUser('gina'))).UserId
      await h.fails('UpdateUser', { ...S, UserId: uid }, 'ValidationException')
      await h.fails(
        'UpdateUser',
        {
          ...S,
          UserId: uid,
          Operations: [{ AttributePath: 'favouriteColour', AttributeValue: 'x' }],
        },
        'ValidationException',
      )
      await h.fails(
        'UpdateUser',
        { ...S, UserId: uid, Operations: [{ AttributePath: 'displayName' }] },
        'ValidationException',
      )
      await h.fails('CreateGroupMembership', { ...S, GroupId: uid }, 'ValidationException')
      await h.fails(
        'IsMemberInGroups',
        { ...S, MemberId: { UserId: uid }, GroupIds: ['x'] },
        'ValidationException',
      )
      await h.fails(
        'UpdateGroup',
        { ...S, GroupId: uid, Operations: [{ AttributePath: 'members', AttributeValue: 'x' }] },
        'ValidationException',
      )
    })

    it('AccessDeniedException for another account, and when the engine denies a user ARN', async () => {
      const e = await h.fails('ListUsers', S, 'AccessDeniedException', undefined, MEMBER)
      assert.equal(e.httpStatus, 403)
      await h.fails('CreateUser', newUser('henry'), 'AccessDeniedException', undefined, MEMBER)
      const uid = (await h.invoke('CreateUser', newUser('ida'))).UserId as string
      h.denied.add(`arn:aws:identitystore:::user/${uid}`)
      try {
        const d = await h.fails('DescribeUser', { ...S, UserId: uid }, 'AccessDeniedException')
        assert.match(d.message, /is not authorized to perform: identitystore:DescribeUser/)
        await h.fails('DeleteUser', { ...S, UserId: uid }, 'AccessDeniedException')
      } finally {
        h.denied.clear()
      }
      assert.equal((await h.invoke('DescribeUser', { ...S, UserId: uid })).UserName, 'ida')
    })
  })
})
