// IAM SAML providers through the real SDK on SQLite and PostgreSQL: create, get, list, metadata
// update, tags, delete, and the errors with AWS's codes and words (recorded in
// shared/reference/aws-recorded/iam_test_iam_saml_providers).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  CreateSAMLProviderCommand,
  DeleteSAMLProviderCommand,
  GetSAMLProviderCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  TagSAMLProviderCommand,
  UpdateSAMLProviderCommand,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { idpMetadata, samlFixture } from '../support/saml-metadata.ts'
import { clientsFor, expectAwsError } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

serverSuite('IAM SAML providers through the SDK', (ctx) => {
  let iam: IAMClient
  let account: string
  before(() => {
    const server = ctx.server()
    iam = clientsFor(server.url, server.bootstrap).iam
    account = server.bootstrap.accountId
  })

  it('SAML: create, get, list, update, tags, delete; bad metadata refused', async () => {
    const metadata = idpMetadata('https://idp.example.com', samlFixture('idp-cert.pem'))
    const { SAMLProviderArn: arn } = await iam.send(
      new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata }),
    )
    assert.equal(arn, `arn:aws:iam::${account}:saml-provider/Okta`)
    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))
    assert.equal(got.SAMLMetadataDocument, metadata)
    assert.match(got.SAMLProviderUUID!, /^[0-9a-f-]{36}$/)
    assert.equal(got.AssertionEncryptionMode, 'Allowed')
    assert.deepEqual(got.PrivateKeyList, [])
    assert.ok(got.ValidUntil! > got.CreateDate!)
    const list = await iam.send(new ListSAMLProvidersCommand({}))
    assert.deepEqual(
      list.SAMLProviderList!.map((p) => p.Arn),
      [arn],
    )
    const updated = idpMetadata(
      'https://idp.example.com',
      samlFixture('other-cert.pem'),
      '2030-01-01T00:00:00Z',
    )
    const u = await iam.send(
      new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: updated }),
    )
    assert.equal(u.SAMLProviderArn, arn)
    const after = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))
    assert.equal(after.SAMLMetadataDocument, updated)
    assert.equal(after.ValidUntil!.toISOString(), '2030-01-01T00:00:00.000Z')
    await iam.send(
      new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'a', Value: 'b' }] }),
    )
    const tags = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))
    assert.deepEqual(tags.Tags, [{ Key: 'a', Value: 'b' }])
    await expectAwsError(
      iam.send(
        new CreateSAMLProviderCommand({
          Name: 'Bad',
          SAMLMetadataDocument: `<nothing>${' '.repeat(1000)}</nothing>`,
        }),
      ),
      { name: 'InvalidInputException', status: 400, message: 'Could not parse metadata' },
    )
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }))
    const missing = `arn:aws:iam::${account}:saml-provider/Okta`
    await expectAwsError(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: missing })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: `Manifest not found for arn ${missing}`,
    })
    await expectAwsError(iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: missing })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: `Manifest not found for arn ${missing}`,
    })
  })
})
