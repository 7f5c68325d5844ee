// What the access portal, sso-oidc and the sso portal API report to the audit trail: the events
// AWS records for each (sso.amazonaws.com, signin.amazonaws.com, sso-directory.amazonaws.com),
// the user they were made for, no secret anywhere, and the role session of GetRoleCredentials
// pointing back to its event.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  buildRecords,
  CollectedAuditEvents,
  HIDDEN,
  type CloudTrailRecord,
} from '../../cloudtrail/index.ts'
import type { RequestInfo } from '../../common/caller.ts'
import { callerFromEnvelope } from '../../sts/caller-from-envelope.ts'
import { DEVICE_CODE_GRANT } from '../oidc/oidc-lifetimes.ts'
import { buildPortal, DEV, GOOD_CODE, NOW, REGISTRATION_CODE, STORE_ID } from './portal.fixture.ts'

const MGMT = '999999999999'
const request: RequestInfo = {
  requestId: 'req-1',
  sourceIp: '192.0.2.7',
  secureTransport: false,
  region: 'us-east-1',
  userAgent: 'test-agent',
  now: NOW,
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- records are checked as JSON
type Json = any

/** Runs `act` with a fresh collector; answers its records (as JSON) and what `act` answered. */
async function recorded<T>(
  act: (events: CollectedAuditEvents) => Promise<T>,
): Promise<{ records: Json[]; value: T | undefined; error: unknown }> {
  const events = new CollectedAuditEvents()
  let value: T | undefined
  let error: unknown
  try {
    value = await act(events)
  } catch (e) {
    error = e
  }
  const records = events.records(request, MGMT).map((r) => JSON.parse(JSON.stringify(r)))
  return { records, value, error }
}

const assertNoSecret = (records: readonly unknown[], secrets: readonly string[]) => {
  const text = JSON.stringify(records)
  for (const s of secrets) assert.ok(!text.includes(s), `a record holds the secret ${s}`)
}

async function loggedIn() {
  const p = buildPortal()
  const client = await p.oidc.registerClient({ clientName: 'c', clientType: 'public' }, NOW)
  const auth = await p.oidc.startDeviceAuthorization(
    { ...client, startUrl: 'u' },
    'http://h/portal',
    NOW,
  )
  await p.approvals.decide(
    auth.userCode,
    'approved',
    { identityStoreId: STORE_ID, userId: 'u-alice' },
    NOW,
  )
  const input = { ...client, grantType: DEVICE_CODE_GRANT, deviceCode: auth.deviceCode }
  const token = await recorded((events) => p.oidc.createToken(input, NOW, events))
  return { p, client, auth, token }
}

describe('sso-oidc events', () => {
  it('RegisterClient and StartDeviceAuthorization: anonymous, secrets shown as hidden', async () => {
    const p = buildPortal()
    const reg = await recorded((events) =>
      p.oidc.registerClient({ clientName: 'cli', clientType: 'public' }, NOW, events),
    )
    const [r] = reg.records
    assert.equal(reg.records.length, 1)
    assert.equal(r.eventSource, 'sso.amazonaws.com')
    assert.equal(r.eventName, 'RegisterClient')
    assert.deepEqual(r.userIdentity, { type: 'Unknown', accountId: MGMT })
    assert.equal(r.recipientAccountId, MGMT)
    assert.deepEqual(r.requestParameters, { clientName: 'cli', clientType: 'public' })
    assert.equal(r.responseElements.clientId, reg.value!.clientId)
    assert.equal(r.responseElements.clientSecret, HIDDEN)
    assert.equal(r.eventType, 'AwsApiCall')
    const start = await recorded((events) =>
      p.oidc.startDeviceAuthorization(
        { ...reg.value!, startUrl: 'http://h/portal' },
        'http://h/portal',
        NOW,
        events,
      ),
    )
    const [s] = start.records
    assert.equal(s.eventName, 'StartDeviceAuthorization')
    assert.equal(s.requestParameters.clientSecret, HIDDEN)
    assert.equal(s.responseElements.deviceCode, HIDDEN)
    assert.equal(s.responseElements.userCode, HIDDEN)
    assert.equal(s.responseElements.verificationUriComplete, HIDDEN)
    assertNoSecret(
      [...reg.records, ...start.records],
      [reg.value!.clientSecret, start.value!.deviceCode, start.value!.userCode],
    )
  })

  it('CreateToken names the user and the identity store; a code used twice is recorded refused', async () => {
    const { p, client, auth, token } = await loggedIn()
    const [t] = token.records
    assert.equal(t.eventName, 'CreateToken')
    assert.deepEqual(t.userIdentity, { type: 'Unknown', principalId: 'u-alice', accountId: MGMT })
    assert.deepEqual(t.resources, [{ ARN: STORE_ID, accountId: MGMT, type: 'IdentityStoreId' }])
    assert.equal(t.requestParameters.deviceCode, HIDDEN)
    assert.equal(t.responseElements.accessToken, HIDDEN)
    assertNoSecret(token.records, [token.value!.accessToken, client.clientSecret, auth.deviceCode])
    const again = await recorded((events) =>
      p.oidc.createToken(
        { ...client, grantType: DEVICE_CODE_GRANT, deviceCode: auth.deviceCode },
        NOW,
        events,
      ),
    )
    assert.ok(again.error)
    assert.equal(again.records[0].errorCode, 'InvalidGrantException')
    assert.equal(again.records[0].responseElements, null)
  })
})

describe('sso portal API events', () => {
  it('GetRoleCredentials: the IdentityCenterUser, the role, and a session that points back', async () => {
    const { p, token } = await loggedIn()
    const accessToken = token.value!.accessToken
    const got = await recorded((events) =>
      p.ssoPortal.getRoleCredentials(accessToken, 'AdministratorAccess', DEV, NOW, events),
    )
    const [r] = got.records as CloudTrailRecord[] & Json[]
    assert.equal(r.eventSource, 'sso.amazonaws.com')
    assert.equal(r.eventName, 'GetRoleCredentials')
    assert.equal(r.recipientAccountId, MGMT)
    assert.equal(r.userIdentity.type, 'IdentityCenterUser')
    assert.equal(r.userIdentity.accountId, MGMT)
    assert.deepEqual(r.userIdentity.onBehalfOf, {
      userId: 'u-alice',
      identityStoreArn: `arn:aws:identitystore::${MGMT}:identitystore/${STORE_ID}`,
    })
    assert.match(r.userIdentity.credentialId!, /^[\w-]{43}$/)
    assert.deepEqual(r.requestParameters, { roleName: 'AdministratorAccess', accountId: DEV })
    assert.equal(r.resources![0]!.type, 'AWS::IAM::Role')
    assert.equal(r.resources![0]!.accountId, DEV)
    const creds = got.value!.roleCredentials
    assert.equal(r.responseElements!.roleCredentials.accessKeyId, creds.accessKeyId)
    assert.equal(r.responseElements!.roleCredentials.secretAccessKey, HIDDEN)
    assert.equal(r.responseElements!.roleCredentials.sessionToken, HIDDEN)
    assertNoSecret(got.records, [accessToken, creds.secretAccessKey, creds.sessionToken])
    // The session's claims carry the event's id; its calls' records copy it.
    const opened = p.codec.open(creds.sessionToken, NOW)
    assert.ok(opened.ok)
    if (!opened.ok) return
    assert.equal(opened.envelope.claims.kind, 'role')
    const caller = callerFromEnvelope(opened.envelope)
    const [later] = buildRecords({
      service: 'sts',
      operation: 'GetCallerIdentity',
      caller,
      request,
      input: {},
      outcome: { ok: true, output: {} },
      resources: [],
    })
    assert.equal(later!.recipientAccountId, DEV)
    assert.equal(later!.xaccessSourceEventID, r.eventID)
  })

  it('lists are recorded without their answers; a bad token as Unknown with its error', async () => {
    const { p, token } = await loggedIn()
    const list = await recorded((events) =>
      p.ssoPortal.listAccounts(token.value!.accessToken, { maxResults: '1' }, NOW, events),
    )
    assert.equal(list.records[0].eventName, 'ListAccounts')
    assert.equal(list.records[0].readOnly, true)
    assert.deepEqual(list.records[0].requestParameters, { maxResults: '1' })
    assert.equal(list.records[0].responseElements, null)
    const bad = await recorded((events) => p.ssoPortal.listAccounts('xat-nope', {}, NOW, events))
    assert.ok(bad.error)
    assert.deepEqual(bad.records[0].userIdentity, { type: 'Unknown', accountId: MGMT })
    assert.equal(bad.records[0].errorCode, 'UnauthorizedException')
    const out = await recorded((events) =>
      p.ssoPortal.logout(token.value!.accessToken, NOW, events),
    )
    assert.equal(out.records[0].eventName, 'Logout')
    assert.equal(out.records[0].readOnly, false)
  })
})

describe('access portal API events', () => {
  it('the portal page lists accounts, gets credentials and signs out as the IdentityCenterUser', async () => {
    const p = buildPortal()
    const r = await p.portalApi.signIn.signIn(
      { username: 'alice', password: 'alice-password-1', totp: GOOD_CODE },
      NOW,
    )
    assert.equal(r.kind, 'signed-in')
    if (r.kind !== 'signed-in') return
    const caller = { session: r.session.record, user: r.user }
    const list = await recorded((events) => p.portalApi.accounts(caller, events))
    const got = await recorded((events) =>
      p.portalApi.credentials(
        caller,
        { accountId: DEV, roleName: 'AdministratorAccess' },
        NOW,
        events,
      ),
    )
    const denied = await recorded((events) =>
      p.portalApi.credentials(caller, { accountId: DEV, roleName: 'Nope' }, NOW, events),
    )
    const out = await recorded((events) => p.portalApi.signOut(caller, events))
    const [l, g, d, o] = [list, got, denied, out].map((x) => x.records[0])
    assert.deepEqual(
      [l, g, d, o].map((x) => `${x.eventName} ${x.errorCode ?? 'ok'}`),
      ['ListAccounts ok', 'GetRoleCredentials ok', 'GetRoleCredentials NoAccess', 'Logout ok'],
    )
    for (const x of [l, g, d, o]) {
      assert.equal(x.userIdentity.type, 'IdentityCenterUser')
      assert.equal(x.userIdentity.onBehalfOf.userId, 'u-alice')
      assert.equal(x.userIdentity.credentialId, l.userIdentity.credentialId)
    }
    assert.equal(l.responseElements, null)
    const opened = p.codec.open(got.value!.roleCredentials.sessionToken, NOW)
    assert.ok(opened.ok && opened.envelope.claims.kind === 'role')
    if (opened.ok && opened.envelope.claims.kind === 'role') {
      assert.equal(opened.envelope.claims.sourceEventId, g.eventID)
    }
    assertNoSecret(
      [l, g, d, o],
      [
        r.session.id,
        got.value!.roleCredentials.secretAccessKey,
        got.value!.roleCredentials.sessionToken,
      ],
    )
  })
})

describe('access portal sign-in events', () => {
  const signIn = (p: ReturnType<typeof buildPortal>, input: Record<string, unknown>) =>
    recorded((events) =>
      p.portalApi.signIn.signIn(input, NOW, { events, loginTo: 'http://h/portal/' }),
    )
  const steps = (records: Json[]) =>
    records.map(
      (r) =>
        `${r.eventName} ${r.additionalEventData?.CredentialType ?? ''} ${
          r.serviceEventDetails === undefined ? '' : Object.values(r.serviceEventDetails)[0]
        }`,
    )

  it('password and TOTP: challenge and verification of each, then UserAuthentication', async () => {
    const p = buildPortal()
    const { records } = await signIn(p, {
      username: 'alice',
      password: 'alice-password-1',
      totp: GOOD_CODE,
    })
    assert.deepEqual(steps(records), [
      'CredentialChallenge PASSWORD Success',
      'CredentialVerification PASSWORD Success',
      'CredentialChallenge TOTP Success',
      'CredentialVerification TOTP Success',
      'UserAuthentication PASSWORD,TOTP Success',
    ])
    const workflows = new Set(records.map((r) => r.additionalEventData.AuthWorkflowID))
    assert.equal(workflows.size, 1)
    const done = records[4]
    assert.equal(done.eventSource, 'signin.amazonaws.com')
    assert.equal(done.eventType, 'AwsServiceEvent')
    assert.equal(done.additionalEventData.LoginTo, 'http://h/portal/')
    assert.deepEqual(done.userIdentity, {
      type: 'Unknown',
      principalId: MGMT,
      arn: '',
      accountId: MGMT,
      accessKeyId: '',
      userName: 'alice',
    })
    assert.equal(done.recipientAccountId, MGMT)
    assertNoSecret(records, ['alice-password-1', GOOD_CODE])
  })

  it('a wrong password, a wrong code, an unknown user (hidden) are failed verifications', async () => {
    const p = buildPortal()
    const wrong = await signIn(p, { username: 'alice', password: 'not-it' })
    assert.deepEqual(steps(wrong.records), [
      'CredentialChallenge PASSWORD Success',
      'CredentialVerification PASSWORD Failure',
    ])
    const code = await signIn(p, { username: 'alice', password: 'alice-password-1', totp: '999' })
    assert.equal(steps(code.records).at(-1), 'CredentialVerification TOTP Failure')
    const unknown = await signIn(p, { username: 'my-bank-login', password: 'hunter2' })
    assert.ok(unknown.error)
    assert.ok(unknown.records.every((r) => r.userIdentity.userName === HIDDEN))
    assertNoSecret(
      [...wrong.records, ...code.records, ...unknown.records],
      ['not-it', 'my-bank-login', 'hunter2'],
    )
  })

  it('MFA registration: started, completed, then UserAuthentication in one workflow', async () => {
    const p = buildPortal()
    const first = await signIn(p, { username: 'bob', password: 'bob-password-1' })
    assert.deepEqual(steps(first.records), [
      'CredentialChallenge PASSWORD Success',
      'CredentialVerification PASSWORD Success',
      'StartVirtualMfaDeviceRegistration  ',
    ])
    const registration = first.records[2]
    assert.equal(registration.eventSource, 'sso-directory.amazonaws.com')
    assert.equal(registration.requestParameters, null)
    assert.equal(registration.responseElements, null)
    const result = first.value!
    assert.equal(result.kind, 'mfa-registration')
    if (result.kind !== 'mfa-registration') return
    assertNoSecret(first.records, [result.seed, 'bob-password-1'])
    const confirm = await recorded((events) =>
      p.portalApi.signIn.confirmMfa(result.session.record, { code: REGISTRATION_CODE }, NOW, {
        events,
      }),
    )
    assert.deepEqual(steps(confirm.records), [
      'CompleteVirtualMfaDeviceRegistration  ',
      'UserAuthentication PASSWORD Success',
    ])
    assert.equal(confirm.records[1].additionalEventData.DeviceEnrollmentRequired, 'true')
    assert.equal(
      confirm.records[1].additionalEventData.AuthWorkflowID,
      first.records[0].additionalEventData.AuthWorkflowID,
    )
    assertNoSecret(confirm.records, [REGISTRATION_CODE])
  })
})
