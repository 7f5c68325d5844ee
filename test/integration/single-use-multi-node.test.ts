/**
 * Single use across nodes (issue 14): two server processes on one PostgreSQL. A console sign-in
 * token (the federation endpoint) spent on node A is refused on node B, and the reverse; a SAML
 * assertion used for AssumeRoleWithSAML on node A is refused on node B. The spent ids live in the
 * database (migration 0017), not in either process.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { clientsFor, type Clients, type Credentials } from './aws-clients.ts'
import { idpMetadata, samlFixture } from '../support/saml-metadata.ts'
import { signedResponse } from '../support/saml-response.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'

const IDP = 'https://idp.example.com'

describe('single-use sign-in tokens and SAML assertions on two nodes', async () => {
  const reachable = (await postgresUnreachable()) === undefined
  if (!reachable && process.env.CI === 'true') {
    it('needs PostgreSQL under CI', () =>
      assert.fail(`PostgreSQL is not reachable at ${redactedPostgresUrl}`))
    return
  }
  const skip = reachable ? false : 'PostgreSQL is not reachable (set XACCESS_TEST_POSTGRES_URL)'
  let drop: (() => Promise<void>) | undefined
  let a: ServerProcess
  let b: ServerProcess
  let root: Clients
  let role: Credentials
  let samlRoleArn: string
  let providerArn: string

  before(async () => {
    if (skip !== false) return
    const created = await createPostgresDatabase('xaccess_sun')
    drop = created.drop
    // One master key: a token sealed on one node opens on the other.
    const env = { XACCESS_MASTER_KEY: randomBytes(32).toString('base64') }
    a = await startServerProcess({ database: created.url, env })
    b = await startServerProcess({ database: created.url, env, bootstrapFrom: a.dataDir })
    root = clientsFor(a.url, a.bootstrap)
    const account = a.bootstrap.accountId
    await root.iam.send(new CreateUserCommand({ UserName: 'admin' }))
    await root.iam.send(
      new AttachUserPolicyCommand({
        UserName: 'admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))
    const admin = clientsFor(a.url, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    })
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'console',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole' }],
        }),
      }),
    )
    const assumed = await admin.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/console`,
        RoleSessionName: 'two-nodes',
      }),
    )
    const c = assumed.Credentials!
    role = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    }
    const provider = await root.iam.send(
      new CreateSAMLProviderCommand({
        Name: 'Okta',
        SAMLMetadataDocument: idpMetadata(IDP, samlFixture('idp-cert.pem')),
      }),
    )
    providerArn = provider.SAMLProviderArn!
    const samlRole = await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'Admins',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: providerArn },
              Action: 'sts:AssumeRoleWithSAML',
              Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
            },
          ],
        }),
      }),
    )
    samlRoleArn = samlRole.Role!.Arn!
  })

  after(async () => {
    await a?.stop()
    await b?.stop()
    await drop?.()
  })

  const federation = (node: ServerProcess, params: Record<string, string>) =>
    fetch(`${node.url}/federation?${new URLSearchParams(params)}`, { redirect: 'manual' })
  const signinToken = async (node: ServerProcess) => {
    const r = await federation(node, {
      Action: 'getSigninToken',
      Session: JSON.stringify({
        sessionId: role.accessKeyId,
        sessionKey: role.secretAccessKey,
        sessionToken: role.sessionToken,
      }),
    })
    assert.equal(r.status, 200, await r.clone().text())
    return ((await r.json()) as { SigninToken: string }).SigninToken
  }
  const login = (node: ServerProcess, token: string) =>
    federation(node, {
      Action: 'login',
      Issuer: 'aws-vault',
      Destination: `${node.url}/console/`,
      SigninToken: token,
    })

  it(
    'a sign-in token spent on node A is refused on node B, and the reverse',
    { skip },
    async () => {
      const first = await signinToken(a)
      const onA = await login(a, first)
      assert.equal(onA.status, 302, await onA.clone().text())
      const onB = await login(b, first)
      assert.equal(onB.status, 400)
      assert.equal(onB.headers.get('set-cookie'), null)
      assert.match(await onB.text(), /invalid sign-in token/)

      const second = await signinToken(a)
      assert.equal((await login(b, second)).status, 302)
      assert.equal((await login(a, second)).status, 400)
    },
  )

  it('a SAML assertion used on node A is refused on node B', { skip }, async () => {
    const assertion = signedResponse(
      { issuer: IDP, subject: 'ada', roles: [`${samlRoleArn},${providerArn}`] },
      samlFixture('idp-key.pem'),
      samlFixture('idp-cert.pem'),
    )
    const assume = (node: ServerProcess) =>
      fetch(node.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: new URLSearchParams({
          Action: 'AssumeRoleWithSAML',
          Version: '2011-06-15',
          RoleArn: samlRoleArn,
          PrincipalArn: providerArn,
          SAMLAssertion: assertion,
        }).toString(),
      })
    const onA = await assume(a)
    assert.equal(onA.status, 200, await onA.clone().text())
    assert.match(await onA.text(), /<AssumedRoleUser>/)
    const onB = await assume(b)
    assert.equal(onB.status, 400)
    assert.match(await onB.text(), /<Code>InvalidIdentityToken<\/Code>/)
  })
})
