/**
 * AssumeRoleWithWebIdentity with a real OpenID provider: `oidc-provider` (npm) runs locally as the
 * CI system's identity provider and issues a JWT access token to the pipeline's client
 * (client credentials, resource `sts.amazonaws.com`, `sub` = the client id); the AWS CLI trades it
 * for the deploy role's credentials. A token of a client the trust policy does not name is refused.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam'
import { clientsFor } from '../integration/aws-clients.ts'
import { AwsCli, awsCliSkipReason } from '../support/aws-cli.ts'
import { startOpenIdProvider, type LocalOpenIdProvider } from '../support/local-openid-provider.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'

const NO_KEYS = { accessKeyId: 'unused', secretAccessKey: 'unused' }
const AUDIENCE = 'sts.amazonaws.com'
/** The resource indicator the pipeline asks for (an absolute URI); its tokens' aud is AUDIENCE. */
const RESOURCE = 'https://sts.amazonaws.com'

describe(
  'AssumeRoleWithWebIdentity with oidc-provider as the IdP',
  { skip: awsCliSkipReason() ?? false },
  () => {
    let server: ServerProcess
    let idp: LocalOpenIdProvider
    let issuer: string
    let roleArn: string
    let cli: AwsCli

    before(async () => {
      const client = (id: string) => ({
        client_id: id,
        client_secret: `${id}-secret-for-tests-only`,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
      })
      idp = await startOpenIdProvider({
        clients: () => [client('securecart-pipeline'), client('someone-else')],
        configuration: {
          ttl: { ClientCredentials: 600 },
          features: {
            devInteractions: { enabled: false },
            clientCredentials: { enabled: true },
            resourceIndicators: {
              enabled: true,
              defaultResource: () => RESOURCE,
              useGrantedResource: () => true,
              getResourceServerInfo: () => ({
                scope: 'deploy',
                audience: AUDIENCE,
                accessTokenFormat: 'jwt',
                jwt: { sign: { alg: 'RS256' } },
              }),
            },
          },
        },
      })
      issuer = idp.issuer
      server = await startServerProcess()
      cli = new AwsCli(server.url)
      const { iam } = clientsFor(server.url, server.bootstrap)
      await iam.send(
        new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [AUDIENCE] }),
      )
      const host = issuer.replace('http://', '')
      const role = await iam.send(
        new CreateRoleCommand({
          RoleName: 'deploy',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: {
                  Federated: `arn:aws:iam::${server.bootstrap.accountId}:oidc-provider/${host}`,
                },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: {
                    [`${host}:aud`]: AUDIENCE,
                    [`${host}:sub`]: 'securecart-pipeline',
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
      await idp?.stop()
    })

    const tokenFor = async (clientId: string): Promise<string> => {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: `${clientId}-secret-for-tests-only`,
          resource: RESOURCE,
          scope: 'deploy',
        }),
      })
      const body = (await response.json()) as { access_token?: string }
      assert.equal(response.status, 200, JSON.stringify(body))
      return body.access_token!
    }
    const assume = (jwt: string) =>
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

    test("the pipeline's token assumes the deploy role", async () => {
      const r = await assume(await tokenFor('securecart-pipeline'))
      assert.equal(r.status, 0, r.stderr)
      assert.equal(r.json.SubjectFromWebIdentityToken, 'securecart-pipeline')
      assert.equal(r.json.Audience, AUDIENCE)
    })

    test("another client's token is refused", async () => {
      const r = await assume(await tokenFor('someone-else'))
      assert.equal(r.error?.code, 'AccessDenied', r.stderr)
    })
  },
)
