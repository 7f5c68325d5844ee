// The records of sign-ins and of the unsigned routes, against AWS's example records (CloudTrail
// User Guide "AWS Management Console sign-in events"; IAM User Guide "Example sign-in events in
// CloudTrail log"; IAM Identity Center User Guide "Understanding IAM Identity Center sign-in
// events" and "Understanding IAM Identity Center log file entries").
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RequestInfo } from '../common/caller.ts'
import { CollectedAuditEvents, recordOfEvent } from './audit-event.ts'
import {
  credentialIdOf,
  hiddenMembers,
  identityCenterUserIdentity,
  ssoEvent,
} from './identity-center-events.ts'
import { HIDDEN } from './record-shapes.ts'
import { indexFieldsOf } from './stored-event.ts'
import {
  checkMfaEvent,
  consoleLoginEvent,
  NO_SUCH_USER,
  portalSignInEvent,
  switchRoleEvent,
} from './sign-in-events.ts'

const request: RequestInfo = {
  requestId: '5be44ffb-6946-4f47-acaf-1adebd4afead',
  sourceIp: '192.0.2.0',
  secureTransport: true,
  region: 'eu-west-1',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  now: new Date('2026-12-07T17:35:10.123Z'),
}
const ANAYA = {
  accountId: '111122223333',
  userName: 'anaya',
  userId: 'AIDACKCEVSQ6C2EXAMPLE',
  arn: 'arn:aws:iam::111122223333:user/anaya',
}
const LOGIN_TO = 'https://xaccess.example/console/'
const record = (event: Parameters<typeof recordOfEvent>[0]) =>
  JSON.parse(JSON.stringify(recordOfEvent(event, request, '999999999999')))

describe('console sign-in records', () => {
  it('a successful ConsoleLogin without MFA, as AWS records it', () => {
    const r = record(
      consoleLoginEvent({ user: ANAYA, succeeded: true, mfaUsed: false, loginTo: LOGIN_TO }),
    )
    assert.deepEqual(Object.keys(r), [
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'requestParameters',
      'responseElements',
      'additionalEventData',
      'requestID',
      'eventID',
      'readOnly',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
    ])
    assert.deepEqual(r.userIdentity, {
      type: 'IAMUser',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/anaya',
      accountId: '111122223333',
      userName: 'anaya',
    })
    assert.equal(r.eventTime, '2026-12-07T17:35:10Z')
    assert.equal(r.eventSource, 'signin.amazonaws.com')
    assert.equal(r.eventName, 'ConsoleLogin')
    assert.equal(r.awsRegion, 'us-east-1')
    assert.equal(r.requestParameters, null)
    assert.deepEqual(r.responseElements, { ConsoleLogin: 'Success' })
    assert.deepEqual(r.additionalEventData, {
      LoginTo: LOGIN_TO,
      MobileVersion: 'No',
      MFAUsed: 'No',
    })
    assert.equal(r.eventType, 'AwsConsoleSignIn')
    assert.equal(r.recipientAccountId, '111122223333')
    assert.match(r.eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('a failed ConsoleLogin: "Failed authentication", no arn, an empty access key', () => {
    const r = record(
      consoleLoginEvent({ user: ANAYA, succeeded: false, mfaUsed: true, loginTo: LOGIN_TO }),
    )
    assert.equal(r.errorMessage, 'Failed authentication')
    assert.equal(r.errorCode, undefined)
    assert.deepEqual(r.userIdentity, {
      type: 'IAMUser',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
      accountId: '111122223333',
      accessKeyId: '',
      userName: 'anaya',
    })
    assert.deepEqual(r.responseElements, { ConsoleLogin: 'Failure' })
    assert.equal(r.additionalEventData.MFAUsed, 'Yes')
  })

  it('a user name that names no user is never recorded', () => {
    const r = record(
      consoleLoginEvent({
        user: { accountId: '123456789012' },
        succeeded: false,
        mfaUsed: false,
        loginTo: LOGIN_TO,
        errorMessage: NO_SUCH_USER,
      }),
    )
    assert.deepEqual(r.userIdentity, {
      type: 'IAMUser',
      accountId: '123456789012',
      accessKeyId: '',
      userName: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    })
    assert.equal(r.errorMessage, 'No username found in supplied account')
  })

  it('CheckMfa when the sign-in asks for a code', () => {
    const r = record(checkMfaEvent(ANAYA))
    assert.equal(r.eventName, 'CheckMfa')
    assert.deepEqual(r.responseElements, { CheckMfa: 'Success' })
    assert.deepEqual(r.additionalEventData, { MfaType: 'Virtual MFA' })
  })

  it('SwitchRole: the role session in the role account, SwitchFrom the signed-in identity', () => {
    const identity = {
      type: 'AssumedRole' as const,
      principalId: 'AROAEXAMPLE:anaya',
      arn: 'arn:aws:sts::444455556666:assumed-role/Admin/anaya',
      accountId: '444455556666',
    }
    const ok = record(
      switchRoleEvent({
        identity,
        recipientAccountId: '444455556666',
        switchFrom: ANAYA.arn,
        redirectTo: LOGIN_TO,
      }),
    )
    assert.equal(ok.eventSource, 'signin.amazonaws.com')
    assert.equal(ok.eventName, 'SwitchRole')
    assert.equal(ok.eventType, 'AwsConsoleSignIn')
    assert.deepEqual(ok.responseElements, { SwitchRole: 'Success' })
    assert.deepEqual(ok.additionalEventData, { SwitchFrom: ANAYA.arn, RedirectTo: LOGIN_TO })
    assert.equal(ok.recipientAccountId, '444455556666')
    const refused = record(
      switchRoleEvent({
        identity: { type: 'IAMUser', accountId: ANAYA.accountId },
        recipientAccountId: ANAYA.accountId,
        switchFrom: ANAYA.arn,
        redirectTo: LOGIN_TO,
        errorCode: 'AccessDenied',
        errorMessage: 'User: … is not authorized to perform: sts:AssumeRole',
      }),
    )
    assert.deepEqual(refused.responseElements, { SwitchRole: 'Failure' })
    assert.equal(refused.errorCode, 'AccessDenied')
  })
})

describe('Identity Center sign-in records', () => {
  it('UserAuthentication as an AwsServiceEvent with serviceEventDetails last', () => {
    const r = record(
      portalSignInEvent({
        name: 'UserAuthentication',
        accountId: '111122223333',
        userName: 'user1',
        workflowId: '9de74b32-8362-4a01-a524-de21df59fd83',
        credentialTypes: ['PASSWORD', 'TOTP'],
        succeeded: true,
        loginTo: 'https://xaccess.example/portal/',
      }),
    )
    assert.deepEqual(r.userIdentity, {
      type: 'Unknown',
      principalId: '111122223333',
      arn: '',
      accountId: '111122223333',
      accessKeyId: '',
      userName: 'user1',
    })
    assert.equal(r.eventType, 'AwsServiceEvent')
    assert.equal(r.readOnly, false)
    assert.equal(r.responseElements, null)
    assert.deepEqual(r.additionalEventData, {
      AuthWorkflowID: '9de74b32-8362-4a01-a524-de21df59fd83',
      LoginTo: 'https://xaccess.example/portal/',
      CredentialType: 'PASSWORD,TOTP',
    })
    assert.deepEqual(r.serviceEventDetails, { UserAuthentication: 'Success' })
    assert.equal(Object.keys(r).at(-1), 'serviceEventDetails')
  })

  it('a failed verification, for a user name that names nobody', () => {
    const r = record(
      portalSignInEvent({
        name: 'CredentialVerification',
        accountId: '111122223333',
        userName: undefined,
        workflowId: 'w',
        credentialTypes: ['PASSWORD'],
        succeeded: false,
      }),
    )
    assert.equal(r.userIdentity.userName, HIDDEN)
    assert.deepEqual(r.serviceEventDetails, { CredentialVerification: 'Failure' })
  })
})

const ssoEventOf = (identity: ReturnType<typeof identityCenterUserIdentity>) =>
  ssoEvent({
    eventName: 'ListAccountRoles',
    identity,
    input: { accountId: '111122223333' },
    outcome: { ok: true, output: {} },
    readOnly: true,
    recordResponse: false,
  })

describe('sso and sso-oidc records', () => {
  it('hides secrets at any depth, shows what else was asked and answered', () => {
    assert.deepEqual(
      hiddenMembers({
        clientId: 'c1',
        clientSecret: 's3cr3t',
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: 'dc',
      }),
      {
        clientId: 'c1',
        clientSecret: HIDDEN,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: HIDDEN,
      },
    )
    assert.deepEqual(
      hiddenMembers({
        roleCredentials: {
          accessKeyId: 'ASIAEXAMPLE',
          secretAccessKey: 'x',
          sessionToken: 'y',
          expiration: 1,
        },
      }),
      {
        roleCredentials: {
          accessKeyId: 'ASIAEXAMPLE',
          secretAccessKey: HIDDEN,
          sessionToken: HIDDEN,
          expiration: 1,
        },
      },
    )
    assert.equal(hiddenMembers({}), null)
  })

  it('an IdentityCenterUser call, recorded in the management account', () => {
    const identity = identityCenterUserIdentity({
      accountId: '111122223333',
      identityStoreId: 'd-1234567890',
      userId: '544894e8-80c1-707f-60e3-3ba6510dfac1',
      credentialId: credentialIdOf('xat-secret-token'),
    })
    const r = record(
      ssoEvent({
        eventName: 'ListAccounts',
        identity,
        input: {},
        outcome: { ok: true, output: { accountList: [] } },
        readOnly: true,
        recordResponse: false,
      }),
    )
    assert.deepEqual(r.userIdentity, {
      type: 'IdentityCenterUser',
      accountId: '111122223333',
      onBehalfOf: {
        userId: '544894e8-80c1-707f-60e3-3ba6510dfac1',
        identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-1234567890',
      },
      credentialId: credentialIdOf('xat-secret-token'),
    })
    assert.ok(!JSON.stringify(r).includes('xat-secret-token'))
    // LookupEvents' Username of such a call: the identity-store user.
    const fields = indexFieldsOf(recordOfEvent({ ...ssoEventOf(identity) }, request, '1'))
    assert.equal(fields.username, '544894e8-80c1-707f-60e3-3ba6510dfac1')
    assert.equal(r.recipientAccountId, '999999999999')
    assert.equal(r.requestParameters, null)
    assert.equal(r.responseElements, null)
  })

  it('collects events in order, each with its own id or the one chosen beforehand', () => {
    const events = new CollectedAuditEvents()
    const chosen = '0f6e7cbc-3ad5-4b2e-9f5f-0f4e0a8b1a11'
    const a = events.emit(checkMfaEvent(ANAYA))
    const b = events.emit({ ...checkMfaEvent(ANAYA), eventID: chosen, xaccessSourceEventID: a })
    assert.equal(b, chosen)
    const [first, second] = events.records(request, '999999999999')
    assert.equal(first!.eventID, a)
    assert.equal(second!.eventID, chosen)
    assert.equal(second!.xaccessSourceEventID, a)
    assert.equal(first!.requestID, request.requestId)
  })
})
