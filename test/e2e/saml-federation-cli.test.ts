/**
 * AssumeRoleWithSAML end to end with the real AWS CLI (unsigned, as the CLI sends it): a SAML
 * provider created from the identity provider's metadata, a role trusting it with
 * `SAML:aud = https://signin.aws.amazon.com/saml`, and assertions signed with xml-crypto by the
 * test identity provider's key (test/fixtures/saml). A signed assertion works once; replaying it,
 * tampering with it or signing with another key is refused.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { CreateRoleCommand, CreateSAMLProviderCommand } from '@aws-sdk/client-iam'
import { clientsFor } from '../integration/aws-clients.ts'
import { AwsCli, awsCliSkipReason } from '../support/aws-cli.ts'
import { idpMetadata, samlFixture } from '../support/saml-metadata.ts'
import { signedResponse, signedResponseXml } from '../support/saml-response.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'

const NO_KEYS = { accessKeyId: 'unused', secretAccessKey: 'unused' }
const IDP = 'https://idp.example.com'

describe('AssumeRoleWithSAML through the AWS CLI', { skip: awsCliSkipReason() ?? false }, () => {
  let server: ServerProcess
  let cli: AwsCli
  let roleArn: string
  let providerArn: string
  const key = samlFixture('idp-key.pem')
  const cert = samlFixture('idp-cert.pem')

  before(async () => {
    server = await startServerProcess()
    cli = new AwsCli(server.url)
    const { iam } = clientsFor(server.url, server.bootstrap)
    const created = await iam.send(
      new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: idpMetadata(IDP, cert) }),
    )
    providerArn = created.SAMLProviderArn!
    const role = await iam.send(
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
    roleArn = role.Role!.Arn!
  })
  after(async () => server?.stop())

  const assume = (assertion: string) =>
    cli.run(NO_KEYS, [
      'sts',
      'assume-role-with-saml',
      '--role-arn',
      roleArn,
      '--principal-arn',
      providerArn,
      '--saml-assertion',
      assertion,
    ])
  const spec = () => ({ issuer: IDP, subject: 'ada', roles: [`${roleArn},${providerArn}`] })

  test('a signed assertion assumes the role once; its replay is refused', async () => {
    const assertion = signedResponse(spec(), key, cert)
    const r = await assume(assertion)
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.json.Subject, 'ada')
    assert.equal(r.json.SubjectType, 'persistent')
    assert.equal(r.json.Issuer, IDP)
    assert.equal(r.json.Audience, 'https://signin.aws.amazon.com/saml')
    assert.equal(
      r.json.AssumedRoleUser.Arn,
      `arn:aws:sts::${server.bootstrap.accountId}:assumed-role/Admins/ada`,
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
    assert.equal(who.json.Arn, r.json.AssumedRoleUser.Arn)
    const again = await assume(assertion)
    assert.equal(again.error?.code, 'InvalidIdentityToken', again.stderr)
    // CloudTrail: a SAMLUser named by the subject, its provider the name qualifier.
    const events = await cli.ok(server.bootstrap, [
      ...['cloudtrail', 'lookup-events', '--lookup-attributes'],
      'AttributeKey=EventName,AttributeValue=AssumeRoleWithSAML',
    ])
    const records = (events.json.Events as { CloudTrailEvent: string }[]).map((e) =>
      JSON.parse(e.CloudTrailEvent),
    )
    const ok = records.find((e) => e.errorCode === undefined)
    assert.ok(ok, JSON.stringify(records.map((e) => e.userIdentity)))
    assert.deepEqual(ok.userIdentity, {
      type: 'SAMLUser',
      principalId: `${r.json.NameQualifier}:ada`,
      userName: 'ada',
      identityProvider: r.json.NameQualifier,
    })
  })

  test('a tampered assertion and one signed by another key are refused', async () => {
    const tampered = Buffer.from(
      signedResponseXml(spec(), key, cert).replace('>ada<', '>root<'),
    ).toString('base64')
    const r = await assume(tampered)
    assert.equal(r.error?.code, 'InvalidIdentityToken', r.stderr)
    const foreign = signedResponse(
      spec(),
      samlFixture('other-key.pem'),
      samlFixture('other-cert.pem'),
    )
    const f = await assume(foreign)
    assert.equal(f.error?.code, 'InvalidIdentityToken', f.stderr)
  })
})
