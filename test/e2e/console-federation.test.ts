/**
 * The console federation endpoint (issue 14, "Console sign-in URLs") against a real server
 * process, with the requests aws-vault (`aws-vault login`) and Granted (`assume -c`) send:
 * `GET /federation?Action=getSigninToken&Session=<JSON {sessionId, sessionKey, sessionToken}>`
 * (aws-vault adds `SessionDuration` for AssumeRole sessions), then the browser opens
 * `?Action=login&Issuer=…&Destination=…&SigninToken=…`.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { startSecureCart, type SecureCart } from './securecart-world.ts'

interface LoginEvent {
  readonly eventSource: string
  readonly userIdentity?: { readonly type: string; readonly arn: string }
  readonly responseElements: { readonly ConsoleLogin: string }
}

const sessionJson = (c: AwsCredentials) =>
  JSON.stringify({
    sessionId: c.accessKeyId,
    sessionKey: c.secretAccessKey,
    sessionToken: c.sessionToken ?? '',
  })

describe(
  'console sign-in URLs (getSigninToken, login)',
  { skip: awsCliSkipReason() ?? false },
  () => {
    let world: SecureCart
    let role: AwsCredentials
    before(async () => {
      world = await startSecureCart()
      role = await world.assume(
        world.admin,
        world.roleArn('Staging', 'OrganizationAccountAccessRole'),
        'console-user',
      )
    })
    after(async () => world?.stop())

    const federation = (params: Record<string, string>) =>
      fetch(`${world.server.url}/federation?${new URLSearchParams(params)}`, { redirect: 'manual' })
    const signinToken = async (c: AwsCredentials, extra: Record<string, string> = {}) => {
      const r = await federation({ Action: 'getSigninToken', Session: sessionJson(c), ...extra })
      assert.equal(r.status, 200, await r.clone().text())
      const body = (await r.json()) as { SigninToken: string }
      assert.equal(typeof body.SigninToken, 'string')
      return body.SigninToken
    }
    const destination = () => `${world.server.url}/console/`

    test("aws-vault's requests: token with SessionDuration, login redirects with a console session", async () => {
      const token = await signinToken(role, { SessionDuration: '3600' })
      const r = await federation({
        Action: 'login',
        Issuer: 'aws-vault',
        Destination: destination(),
        SigninToken: token,
      })
      assert.equal(r.status, 302)
      assert.equal(r.headers.get('location'), destination())
      const cookie = (r.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? ''
      assert.match(cookie, /^xaccess_console=.+/)
      const session = await fetch(`${world.server.url}/console/api/session`, {
        headers: { cookie },
      })
      assert.equal(session.status, 200)
      assert.match(await session.text(), /OrganizationAccountAccessRole/)
    })

    test('login is recorded as ConsoleLogin by the role session (eventSource signin)', async () => {
      const token = await signinToken(role)
      const r = await federation({
        Action: 'login',
        Destination: destination(),
        SigninToken: token,
      })
      assert.equal(r.status, 302)
      const events = await world.cli.ok(await world.adminOf('Staging'), [
        'cloudtrail',
        'lookup-events',
        '--lookup-attributes',
        'AttributeKey=EventName,AttributeValue=ConsoleLogin',
      ])
      const logins = (events.json.Events as { CloudTrailEvent: string }[]).map(
        (e) => JSON.parse(e.CloudTrailEvent) as LoginEvent,
      )
      const mine = logins.find((e) => String(e.userIdentity?.arn).endsWith('/console-user'))
      assert.ok(mine, JSON.stringify(logins.map((e) => e.userIdentity)))
      assert.equal(mine.userIdentity?.type, 'AssumedRole')
      assert.equal(mine.eventSource, 'signin.amazonaws.com')
      assert.equal(mine.responseElements.ConsoleLogin, 'Success')
    })

    test("the sso portal's /federation/credentials stays the portal's", async () => {
      const r = await fetch(
        `${world.server.url}/federation/credentials?account_id=111111111111&role_name=x`,
        { headers: { 'x-amz-sso_bearer_token': 'nope' } },
      )
      assert.equal(r.status, 401)
      assert.match(r.headers.get('content-type') ?? '', /json/)
    })

    test('a sign-in token is single-use', async () => {
      const token = await signinToken(role)
      const login = () =>
        federation({ Action: 'login', Issuer: '', Destination: destination(), SigninToken: token })
      assert.equal((await login()).status, 302)
      const again = await login()
      assert.equal(again.status, 400)
      assert.equal(again.headers.get('set-cookie'), null)
    })

    test("Granted's request (no Issuer) with a foreign Destination is refused and spends nothing", async () => {
      const token = await signinToken(role)
      const foreign = await federation({
        Action: 'login',
        Destination: 'https://evil.example/console/',
        SigninToken: token,
      })
      assert.equal(foreign.status, 400)
      assert.equal(foreign.headers.get('location'), null)
      const notConsole = await federation({
        Action: 'login',
        Destination: `${world.server.url}/portal/`,
        SigninToken: token,
      })
      assert.equal(notConsole.status, 400)
      const good = await federation({
        Action: 'login',
        Destination: destination(),
        SigninToken: token,
      })
      assert.equal(good.status, 302)
    })

    test('wrong secret, long-term keys, altered token and chained SessionDuration are refused', async () => {
      const wrong = await federation({
        Action: 'getSigninToken',
        Session: sessionJson({ ...role, secretAccessKey: `${role.secretAccessKey.slice(0, -1)}x` }),
      })
      assert.equal(wrong.status, 400)
      const longTerm = await federation({
        Action: 'getSigninToken',
        Session: sessionJson(world.admin),
      })
      assert.equal(longTerm.status, 400)
      const token = await signinToken(role)
      const altered = await federation({
        Action: 'login',
        Destination: destination(),
        SigninToken: `${token.slice(0, -2)}AA`,
      })
      assert.equal(altered.status, 400)
      const chained = await world.assume(
        await world.adminOf('Dev'),
        world.roleArn('Staging', 'CrossAccountReadOnly'),
        'chained',
      )
      const chainedLong = await federation({
        Action: 'getSigninToken',
        Session: sessionJson(chained),
        SessionDuration: '3600',
      })
      assert.equal(chainedLong.status, 400)
      await signinToken(chained)
      const outOfRange = await federation({
        Action: 'getSigninToken',
        Session: sessionJson(role),
        SessionDuration: '899',
      })
      assert.equal(outOfRange.status, 400)
    })
  },
)
