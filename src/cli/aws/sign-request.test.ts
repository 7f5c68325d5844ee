import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SignatureV4 } from '@smithy/signature-v4'
import { Sha256 } from '@aws-crypto/sha256-js'
import { HttpRequest } from '@smithy/protocol-http'
import { verifySigV4 } from '../../protocol/index.ts'
import { signRequest } from './sign-request.ts'

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret/key+x' }
const now = new Date('2026-03-01T12:34:56Z')

describe('signRequest', () => {
  const url = new URL('http://127.0.0.1:4599/')
  const body = '{"InstanceArn":"arn:aws:sso:::instance/ssoins-1"}'
  const request = {
    method: 'POST',
    url,
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'SWBExternalService.ListPermissionSets',
    },
    body,
  }

  it('produces a signature the server verifies, temporary credentials included', async () => {
    for (const creds of [credentials, { ...credentials, sessionToken: 'token/+=' }]) {
      const headers = signRequest(request, {
        credentials: creds,
        region: 'us-east-1',
        service: 'sso',
        now,
      })
      const result = await verifySigV4(
        { method: 'POST', path: '/', headers: Object.entries(headers), body },
        { lookupSecret: () => credentials.secretAccessKey, now, expectedService: 'sso' },
      )
      assert.equal(result.ok, true, JSON.stringify(result))
      if (result.ok) {
        assert.equal(result.service, 'sso')
        assert.equal(result.securityToken, creds === credentials ? undefined : 'token/+=')
      }
    }
  })

  it('computes the same signature as the AWS SDK signer', async () => {
    const headers = signRequest(request, { credentials, region: 'eu-west-1', service: 'sso', now })
    const sdk = new SignatureV4({
      credentials,
      region: 'eu-west-1',
      service: 'sso',
      sha256: Sha256,
      applyChecksum: false,
    })
    const signed = await sdk.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4599,
        path: '/',
        headers: {
          host: '127.0.0.1:4599',
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'SWBExternalService.ListPermissionSets',
        },
        body,
      }),
      { signingDate: now },
    )
    const signature = (h: string) => /Signature=([0-9a-f]+)/.exec(h)?.[1]
    assert.equal(signature(headers.authorization!), signature(signed.headers.authorization!))
  })
})
