import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { profileNamePart, ssoConfigSections } from './sso-profiles.ts'

describe('sso profiles', () => {
  it('name profiles after account and permission set, usable in a section header', () => {
    assert.equal(profileNamePart(' Log Archive '), 'Log-Archive')
    assert.equal(profileNamePart('a[b]c  d'), 'a-b-c-d')
    assert.equal(profileNamePart('Admin.Access_1+x@y'), 'Admin.Access_1+x@y')
  })

  it('write the sso-session, then one profile per assignment', () => {
    const sections = ssoConfigSections({
      ssoSession: 'xaccess',
      startUrl: 'http://127.0.0.1:4599/portal/',
      ssoRegion: 'us-east-1',
      region: 'eu-west-1',
      profilePrefix: 'sc-',
      assignments: [
        {
          accountId: '111111111111',
          accountName: 'Log Archive',
          permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-1',
          permissionSetName: 'ReadOnlyAccess',
          assignedTo: ['group Auditors'],
        },
      ],
    })
    assert.deepEqual(sections, [
      {
        name: 'sso-session xaccess',
        values: [
          ['sso_start_url', 'http://127.0.0.1:4599/portal/'],
          ['sso_region', 'us-east-1'],
          ['sso_registration_scopes', 'sso:account:access'],
        ],
      },
      {
        name: 'profile sc-Log-Archive-ReadOnlyAccess',
        values: [
          ['sso_session', 'xaccess'],
          ['sso_account_id', '111111111111'],
          ['sso_role_name', 'ReadOnlyAccess'],
          ['region', 'eu-west-1'],
        ],
      },
    ])
  })
})
