import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Caller } from '../common/caller.ts'
import { lookupUserName, userIdentityOf } from './user-identity.ts'

const A = '111111111111'

describe('userIdentityOf: federated callers as the CloudTrail User Guide shows them', () => {
  it('a GetFederationToken session: FederatedUser with its IAM user as session issuer', () => {
    const caller: Caller = {
      accountId: A,
      arn: `arn:aws:sts::${A}:federated-user/bob`,
      principalArn: `arn:aws:sts::${A}:federated-user/bob`,
      userId: `${A}:bob`,
      type: 'FederatedUser',
      accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
      session: {
        accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
        secretAccessKey: 'x',
        issuedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
        expiresAt: Date.UTC(2026, 0, 2, 15, 4, 5),
        claims: {
          kind: 'federated',
          accountId: A,
          name: 'bob',
          userName: 'broker',
          userArn: `arn:aws:iam::${A}:user/broker`,
          userId: 'AIDAEXAMPLEEXAMPLE01',
          sessionPolicies: [],
          tags: {},
        },
      },
    }
    const identity = userIdentityOf(caller)
    assert.deepEqual(identity, {
      type: 'FederatedUser',
      principalId: `${A}:bob`,
      arn: `arn:aws:sts::${A}:federated-user/bob`,
      accountId: A,
      accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEEXAMPLE01',
          arn: `arn:aws:iam::${A}:user/broker`,
          accountId: A,
          userName: 'broker',
        },
        attributes: { creationDate: '2026-01-02T03:04:05Z', mfaAuthenticated: 'false' },
      },
    })
    assert.equal(lookupUserName(identity), 'bob')
  })

  it('web identity and SAML callers: principalId, userName and identityProvider only', () => {
    const web: Caller = {
      accountId: A,
      arn: `arn:aws:iam::${A}:oidc-provider/token.example.com`,
      principalArn: `arn:aws:iam::${A}:oidc-provider/token.example.com`,
      userId: 'token.example.com:sts.amazonaws.com:repo:x/y:ref:refs/heads/main',
      type: 'WebIdentityUser',
      accessKeyId: '',
      federation: {
        userName: 'repo:x/y:ref:refs/heads/main',
        identityProvider: 'token.example.com',
      },
    }
    assert.deepEqual(userIdentityOf(web), {
      type: 'WebIdentityUser',
      principalId: 'token.example.com:sts.amazonaws.com:repo:x/y:ref:refs/heads/main',
      userName: 'repo:x/y:ref:refs/heads/main',
      identityProvider: 'token.example.com',
    })
    const saml: Caller = {
      ...web,
      type: 'SAMLUser',
      userId: 'Qm9iVGVzdA==:ada',
      federation: { userName: 'ada', identityProvider: 'Qm9iVGVzdA==' },
    }
    assert.deepEqual(userIdentityOf(saml), {
      type: 'SAMLUser',
      principalId: 'Qm9iVGVzdA==:ada',
      userName: 'ada',
      identityProvider: 'Qm9iVGVzdA==',
    })
    assert.equal(lookupUserName(userIdentityOf(saml)), 'ada')
  })
})
