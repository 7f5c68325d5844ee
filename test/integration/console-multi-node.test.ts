/**
 * The web console on two stateless nodes over one PostgreSQL: a console session opened by an IAM
 * user's sign-in on node A is served by node B, and signing out on B ends it on A. Failed
 * sign-ins count on every node: the lockout earned through A holds on B.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  CreateAccountAliasCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  IAMClient,
} from '@aws-sdk/client-iam'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'

const CSRF_HEADER = 'x-xaccess-csrf'
const PASSWORD = 'Console-Nodes-2-share!'

/** One call of the console API; `cookie` is the `xaccess_console=…` pair. */
async function consoleCall(
  node: ServerProcess,
  method: 'GET' | 'POST',
  route: string,
  options: { body?: object; cookie?: string; csrf?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; cookie: string | undefined }> {
  const headers: Record<string, string> = {}
  if (options.cookie !== undefined) headers.cookie = options.cookie
  if (options.csrf !== undefined) headers[CSRF_HEADER] = options.csrf
  if (method === 'POST') headers['content-type'] = 'application/json'
  const res = await fetch(new URL(`/console/api/${route}`, node.url), {
    method,
    headers,
    ...(method === 'POST' ? { body: JSON.stringify(options.body ?? {}) } : {}),
  })
  const setCookie = res.headers.get('set-cookie') ?? undefined
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    cookie: setCookie?.split(';')[0],
  }
}

describe('the console on two nodes on one PostgreSQL', async () => {
  const reachable = (await postgresUnreachable()) === undefined
  if (!reachable && process.env.CI === 'true') {
    it('needs PostgreSQL under CI', () =>
      assert.fail(`PostgreSQL is not reachable at ${redactedPostgresUrl}`))
    return
  }
  const skip = reachable ? false : 'PostgreSQL is not reachable (set XACCESS_TEST_POSTGRES_URL)'
  let drop: (() => Promise<void>) | undefined
  const masterKey = randomBytes(32).toString('base64')
  let a: ServerProcess
  let b: ServerProcess
  let iam: IAMClient

  const createUserWithPassword = async (userName: string) => {
    await iam.send(new CreateUserCommand({ UserName: userName }))
    await iam.send(new CreateLoginProfileCommand({ UserName: userName, Password: PASSWORD }))
  }
  const signIn = (
    node: ServerProcess,
    userName: string,
    password: string,
    account = a.bootstrap.accountId,
  ) => consoleCall(node, 'POST', 'sign-in', { body: { account, userName, password }, csrf: '1' })

  before(async () => {
    if (skip !== false) return
    const created = await createPostgresDatabase('xaccess_cmn')
    drop = created.drop
    const url = created.url
    const env = { XACCESS_MASTER_KEY: masterKey }
    a = await startServerProcess({ database: url, env })
    b = await startServerProcess({ database: url, env, bootstrapFrom: a.dataDir })
    iam = new IAMClient({
      endpoint: a.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: a.bootstrap.accessKeyId,
        secretAccessKey: a.bootstrap.secretAccessKey,
      },
    })
  })

  after(async () => {
    if (skip !== false) return
    await a?.stop()
    await b?.stop()
    await drop?.()
  })

  it(
    'serves on node B the session opened on node A; sign-out on B ends it on A',
    { skip },
    async () => {
      await createUserWithPassword('erin')
      const opened = await signIn(a, 'erin', PASSWORD)
      assert.equal(opened.status, 200, JSON.stringify(opened.body))
      const cookie = opened.cookie ?? ''
      assert.match(cookie, /^xaccess_console=[A-Za-z0-9_-]{43}$/)
      const csrf = opened.body.csrfToken as string

      const onB = await consoleCall(b, 'GET', 'session', { cookie })
      assert.equal(onB.status, 200, JSON.stringify(onB.body))
      assert.equal(onB.body.csrfToken, csrf)
      assert.match(JSON.stringify(onB.body), /user\/erin/)
      assert.equal((await consoleCall(a, 'GET', 'session', { cookie })).status, 200)

      // A state change on B still needs the session's CSRF token.
      const forged = await consoleCall(b, 'POST', 'sign-out', { cookie, csrf: 'wrong' })
      assert.equal(forged.status, 403)
      const out = await consoleCall(b, 'POST', 'sign-out', { cookie, csrf })
      assert.equal(out.status, 200, JSON.stringify(out.body))
      assert.deepEqual(out.body, { signedOut: true })

      for (const node of [a, b]) {
        const ended = await consoleCall(node, 'GET', 'session', { cookie })
        assert.equal(ended.status, 401)
        assert.equal(ended.body.code, 'NotSignedIn')
      }
    },
  )

  it('holds on node B the lockout earned by failures on node A', { skip }, async () => {
    await createUserWithPassword('frank')
    for (let i = 1; i <= 5; i++) {
      const failed = await signIn(i % 2 === 0 ? b : a, 'frank', 'not-the-password')
      assert.equal(failed.status, 401, `failure ${i}: ${JSON.stringify(failed.body)}`)
      assert.equal(failed.body.code, 'InvalidCredentials')
    }
    // The fifth failure locked the name for a second: the right password is refused on B too.
    const locked = await signIn(b, 'frank', PASSWORD)
    assert.equal(locked.status, 429, JSON.stringify(locked.body))
    assert.equal(locked.body.code, 'LockedOut')
    await new Promise((r) => setTimeout(r, 1100))
    const opened = await signIn(b, 'frank', PASSWORD)
    assert.equal(opened.status, 200, JSON.stringify(opened.body))
  })

  it('signs in by account alias on any node, until the alias is deleted', { skip }, async () => {
    await createUserWithPassword('grace')
    const alias = `corp-${randomBytes(3).toString('hex')}`
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: alias }))
    const opened = await signIn(b, 'grace', PASSWORD, alias)
    assert.equal(opened.status, 200, JSON.stringify(opened.body))
    assert.match(JSON.stringify(opened.body), new RegExp(`${a.bootstrap.accountId}:user/grace`))

    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: alias }))
    const unknown = await signIn(a, 'grace', PASSWORD, alias)
    assert.equal(unknown.status, 401, JSON.stringify(unknown.body))
    assert.equal(unknown.body.code, 'InvalidCredentials')
  })
})
