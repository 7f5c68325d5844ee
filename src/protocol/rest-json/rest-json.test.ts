import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type * as SsoModule from '@aws-sdk/nested-clients/sso'
import type * as SsoOidcModule from '@aws-sdk/nested-clients/sso-oidc'
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http'
import { senderError } from '../aws-error.ts'
import type { EncodedResponse } from '../encoded-response.ts'
import { encodeRestJsonError, encodeRestJsonResponse, parseRestJsonBody } from './rest-json.ts'

function replying(response: EncodedResponse, sent: HttpRequest[] = []) {
  return {
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        sent.push(request)
        return {
          response: new HttpResponse({
            statusCode: response.status,
            headers: { ...response.headers },
            body: Buffer.from(response.body, 'utf8'),
          }),
        }
      },
    },
  }
}

// The sso and sso-oidc clients ship inside @aws-sdk/nested-clients, a dependency of the
// installed SDK clients; skip the SDK round trips if a future SDK drops it.
async function nested<T>(name: string): Promise<T | undefined> {
  try {
    return (await import(`@aws-sdk/nested-clients/${name}`)) as T
  } catch {
    return undefined
  }
}

describe('parseRestJsonBody', () => {
  it('objects pass, empty is {}, the rest is a SerializationException', () => {
    assert.deepEqual(parseRestJsonBody('{"a":1}'), { ok: true, input: { a: 1 } })
    assert.deepEqual(parseRestJsonBody(''), { ok: true, input: {} })
    for (const bad of ['[1]', '"s"', '{']) {
      const result = parseRestJsonBody(bad)
      assert.ok(!result.ok && result.error.code === 'SerializationException', bad)
    }
  })
})

describe('rest-json, read back by the real SDK (sso, sso-oidc)', () => {
  it('sso GetRoleCredentials: a payload; UnauthorizedException with its message', async (t) => {
    const sso = await nested<typeof SsoModule>('sso')
    if (!sso) return t.skip('@aws-sdk/nested-clients not installed')
    const ok = encodeRestJsonResponse(
      {
        roleCredentials: {
          accessKeyId: 'ASIA1',
          secretAccessKey: 's',
          sessionToken: 't',
          expiration: 1714568400000,
        },
      },
      'req-1',
    )
    const sent: HttpRequest[] = []
    const out = await new sso.SSOClient(replying(ok, sent)).send(
      new sso.GetRoleCredentialsCommand({
        roleName: 'Admin',
        accountId: '111111111111',
        accessToken: 'tok',
      }),
    )
    assert.equal(out.roleCredentials?.accessKeyId, 'ASIA1')
    assert.equal(out.roleCredentials?.expiration, 1714568400000)
    assert.equal(sent[0].path, '/federation/credentials')
    assert.equal(sent[0].headers['x-amz-sso_bearer_token'], 'tok')

    const denied = encodeRestJsonError(
      senderError('UnauthorizedException', 'Session token not found or invalid', 401),
      'req-2',
    )
    assert.equal(denied.body, '{"message":"Session token not found or invalid"}')
    const err = await new sso.SSOClient(replying(denied))
      .send(
        new sso.GetRoleCredentialsCommand({ roleName: 'Admin', accountId: '1', accessToken: 'x' }),
      )
      .catch((e: unknown) => e)
    assert.ok(err instanceof sso.UnauthorizedException)
    assert.equal(err.message, 'Session token not found or invalid')
    assert.equal(err.$metadata.httpStatusCode, 401)
  })

  it('sso-oidc CreateToken: AuthorizationPendingException with error and error_description', async (t) => {
    const oidc = await nested<typeof SsoOidcModule>('sso-oidc')
    if (!oidc) return t.skip('@aws-sdk/nested-clients not installed')
    const pending = encodeRestJsonError(
      senderError('AuthorizationPendingException', '', 400, {
        error: 'authorization_pending',
        error_description: 'Authorization is still pending',
      }),
      'req-3',
    )
    assert.equal(
      pending.body,
      '{"error":"authorization_pending","error_description":"Authorization is still pending"}',
    )
    const err = await new oidc.SSOOIDCClient(replying(pending))
      .send(
        new oidc.CreateTokenCommand({
          clientId: 'c',
          clientSecret: 's',
          grantType: 'urn:ietf:params:oauth:grant-type:device_code',
          deviceCode: 'd',
        }),
      )
      .catch((e: unknown) => e)
    assert.ok(err instanceof oidc.AuthorizationPendingException)
    assert.equal(err.error, 'authorization_pending')
    assert.equal(err.error_description, 'Authorization is still pending')
  })
})
