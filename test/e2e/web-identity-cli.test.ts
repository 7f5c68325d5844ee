/**
 * AssumeRoleWithWebIdentity end to end with the real AWS CLI (unsigned, as the CLI sends it)
 * against a local OpenID Connect issuer (test/support/local-oidc-issuer.ts) serving its JWKS over
 * http on a loopback port: a CI pipeline's token for `repo:securecart/app:ref:refs/heads/main`
 * assumes the deploy role; a wrong audience, another branch, an expired token, an unknown key id
 * and a token of another provider are each refused as AWS refuses them.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam'
import { clientsFor } from '../integration/aws-clients.ts'
import { AwsCli, awsCliSkipReason } from '../support/aws-cli.ts'
import {
  newIssuerKey,
  startLocalIssuer,
  type IssuerKey,
  type LocalIssuer,
} from '../support/local-oidc-issuer.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'

const MAIN = 'repo:securecart/app:ref:refs/heads/main'
const NO_KEYS = { accessKeyId: 'unused', secretAccessKey: 'unused' }

describe(
  'AssumeRoleWithWebIdentity through the AWS CLI',
  { skip: awsCliSkipReason() ?? false },
  () => {
    let server: ServerProcess
    let issuer: LocalIssuer
    let key: IssuerKey
    let otherKey: IssuerKey
    let cli: AwsCli
    let roleArn: string
    let host: string

    before(async () => {
      ;[server, issuer] = await Promise.all([startServerProcess(), startLocalIssuer()])
      key = await newIssuerKey('k1')
      otherKey = await newIssuerKey('k2')
      issuer.publish('/ci', [key])
      issuer.publish('/other', [otherKey])
      host = issuer.origin.replace('http://', '')
      cli = new AwsCli(server.url)
      const { iam } = clientsFor(server.url, server.bootstrap)
      for (const path of ['/ci', '/other']) {
        await iam.send(
          new CreateOpenIDConnectProviderCommand({
            Url: `${issuer.origin}${path}`,
            ClientIDList: ['sts.amazonaws.com'],
          }),
        )
      }
      const account = server.bootstrap.accountId
      const role = await iam.send(
        new CreateRoleCommand({
          RoleName: 'deploy',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${host}/ci` },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: {
                    [`${host}/ci:aud`]: 'sts.amazonaws.com',
                    [`${host}/ci:sub`]: MAIN,
                  },
                },
              },
            ],
          }),
        }),
      )
      roleArn = role.Role!.Arn!
    })
    after(async () => {
      await server?.stop()
      await issuer?.close()
    })

    const now = () => Math.floor(Date.now() / 1000)
    const token = (claims: Record<string, unknown>, signer = key, path = '/ci') =>
      issuer.sign(signer, {
        iss: `${issuer.origin}${path}`,
        aud: 'sts.amazonaws.com',
        sub: MAIN,
        iat: now() - 10,
        exp: now() + 600,
        ...claims,
      })
    const assume = async (jwt: string) =>
      cli.run(NO_KEYS, [
        'sts',
        'assume-role-with-web-identity',
        '--role-arn',
        roleArn,
        '--role-session-name',
        'pipeline',
        '--web-identity-token',
        jwt,
      ])

    test('the main branch gets credentials that act as the role', async () => {
      const r = await assume(await token({}))
      assert.equal(r.status, 0, r.stderr)
      assert.equal(r.json.SubjectFromWebIdentityToken, MAIN)
      assert.equal(r.json.Provider, `${host}/ci`)
      assert.equal(r.json.Audience, 'sts.amazonaws.com')
      assert.equal(
        r.json.AssumedRoleUser.Arn,
        `arn:aws:sts::${server.bootstrap.accountId}:assumed-role/deploy/pipeline`,
      )
      const c = r.json.Credentials
      const who = await cli.run(
        {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
        },
        ['sts', 'get-caller-identity'],
      )
      assert.equal(who.status, 0, who.stderr)
      assert.equal(who.json.Arn, r.json.AssumedRoleUser.Arn)
      // The audit trail records the call as the web identity's.
      const events = await cli.run(server.bootstrap, [
        'cloudtrail',
        'lookup-events',
        '--lookup-attributes',
        'AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity',
      ])
      assert.equal(events.status, 0, events.stderr)
      const event = JSON.parse(events.json.Events[0].CloudTrailEvent)
      assert.equal(event.userIdentity.type, 'WebIdentityUser')
      assert.equal(event.userIdentity.principalId, `${host}/ci:sts.amazonaws.com:${MAIN}`)
      assert.equal(event.userIdentity.userName, MAIN)
      assert.equal(event.userIdentity.identityProvider, `${host}/ci`)
    })

    test('another branch is refused (AccessDenied)', async () => {
      const r = await assume(await token({ sub: 'repo:securecart/app:ref:refs/heads/feature' }))
      assert.equal(r.error?.code, 'AccessDenied', r.stderr)
    })

    test('a wrong audience is refused (InvalidIdentityToken)', async () => {
      const r = await assume(await token({ aud: 'someone-else' }))
      assert.equal(r.error?.code, 'InvalidIdentityToken', r.stderr)
      assert.equal(r.error?.message, 'Incorrect token audience')
    })

    test('an expired token is refused (ExpiredTokenException)', async () => {
      const r = await assume(await token({ iat: now() - 7200, exp: now() - 3600 }))
      assert.equal(r.error?.code, 'ExpiredTokenException', r.stderr)
      assert.match(r.error!.message, /^Token expired: current date\/time \d+ must be before/)
    })

    test('an unknown key id is refused (InvalidIdentityToken)', async () => {
      const stranger = await newIssuerKey('unknown-kid')
      const r = await assume(await token({}, stranger))
      assert.equal(r.error?.code, 'InvalidIdentityToken', r.stderr)
      assert.match(r.error!.message, /Couldn't retrieve verification key/)
    })

    test('a forged signature under a known key id is refused (InvalidIdentityToken)', async () => {
      const forger = { ...(await newIssuerKey('k1')) }
      const r = await assume(await token({}, forger))
      assert.equal(r.error?.code, 'InvalidIdentityToken', r.stderr)
    })

    test("another provider's token is refused (AccessDenied); an unknown issuer too", async () => {
      const other = await assume(await token({}, otherKey, '/other'))
      assert.equal(other.error?.code, 'AccessDenied', other.stderr)
      const unknown = await assume(await token({}, key, '/nowhere'))
      assert.equal(unknown.error?.code, 'InvalidIdentityToken', unknown.stderr)
      assert.match(unknown.error!.message, /^No OpenIDConnect provider found in your account for /)
    })
  },
)
