/**
 * The access portal signing users in through an external SAML 2.0 identity provider (issue 14),
 * over HTTP against a real server on SQLite and on PostgreSQL: `xaccess sso identity-source
 * set-saml` takes the provider's metadata; `/portal/saml/start` redirects with a deflated
 * AuthnRequest and a RelayState; the provider's signed response (xml-crypto, test keys) posted to
 * `/portal/saml/acs` opens a portal session for the user, created just in time and put in the
 * groups its attribute names. Refused: a replayed response, an unsigned (tampered) one, one signed
 * by another key, another audience, another recipient, one answering another request.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { after, before, describe, it } from 'node:test'
import {
  CreateGroupCommand,
  ListGroupMembershipsForMemberCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore'
import { ListInstancesCommand } from '@aws-sdk/client-sso-admin'
import { clientsFor } from './aws-clients.ts'
import { idpMetadata, samlFixture } from '../support/saml-metadata.ts'
import { signedResponse, signedResponseXml, type AssertionSpec } from '../support/saml-response.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { createPostgresDatabase, postgresUnreachable } from '../support/test-postgres.ts'
import { runXaccess } from '../support/xaccess-cli.ts'

const IDP = 'https://idp.example.com/saml'
const key = samlFixture('idp-key.pem')
const cert = samlFixture('idp-cert.pem')
const postgresDown = await postgresUnreachable()

for (const database of ['sqlite', 'postgres'] as const) {
  const skip =
    database === 'postgres' && postgresDown !== undefined && process.env.CI !== 'true'
      ? `PostgreSQL unreachable: ${postgresDown}`
      : false
  describe(`portal sign-in through a SAML identity provider on ${database}`, { skip }, () => {
    let server: ServerProcess
    let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined
    let dir: string
    let storeId: string

    before(async () => {
      if (database === 'postgres') pg = await createPostgresDatabase('xaccess_saml_portal')
      server = await startServerProcess(pg === undefined ? {} : { database: pg.url })
      const { identitystore, ssoAdmin } = clientsFor(server.url, server.bootstrap)
      storeId = (await ssoAdmin.send(new ListInstancesCommand({}))).Instances![0]!.IdentityStoreId!
      await identitystore.send(
        new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Analysts' }),
      )
      dir = mkdtempSync(join(tmpdir(), 'xaccess-saml-portal-'))
    })
    after(async () => {
      await server?.stop()
      await pg?.drop()
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    })

    const acs = () => `${server.url}/portal/saml/acs`
    /** Starts a sign-in: the RelayState and the AuthnRequest's ID. */
    const start = async () => {
      const r = await fetch(`${server.url}/portal/saml/start?return_to=%2Fportal%2F`, {
        redirect: 'manual',
      })
      assert.equal(r.status, 302)
      const location = new URL(r.headers.get('location') ?? '')
      assert.equal(`${location.origin}${location.pathname}`, `${IDP}/sso`)
      const request = inflateRawSync(
        Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64'),
      ).toString('utf8')
      assert.match(request, new RegExp(`AssertionConsumerServiceURL="${acs()}"`))
      assert.match(request, new RegExp(`<saml:Issuer>${server.url}/portal/saml</saml:Issuer>`))
      return {
        relayState: location.searchParams.get('RelayState')!,
        requestId: /ID="([^"]+)"/.exec(request)![1]!,
      }
    }
    const spec = (requestId: string, over: Partial<AssertionSpec> = {}): AssertionSpec => ({
      issuer: IDP,
      subject: 'sam',
      roles: [],
      audience: `${server.url}/portal/saml`,
      recipient: acs(),
      inResponseTo: requestId,
      attributes: { groups: ['Analysts', 'Unknown'], email: ['sam@example.com'] },
      ...over,
    })
    const post = (samlResponse: string, relayState: string) =>
      fetch(acs(), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }),
      })
    const refusedWith = async (response: Response, text: RegExp) => {
      assert.equal(response.status, 400)
      assert.equal(response.headers.get('set-cookie')?.includes('xaccess_portal='), false)
      const page = await response.text()
      assert.match(page, text)
      assert.doesNotMatch(page, /at \w+ \(/)
    }

    it('the administrator sets the SAML provider from its metadata', async () => {
      const file = join(dir, 'idp.xml')
      writeFileSync(file, idpMetadata(IDP, cert))
      const env = {
        AWS_ACCESS_KEY_ID: server.bootstrap.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.bootstrap.secretAccessKey,
      }
      const set = await runXaccess(
        [
          'sso',
          'identity-source',
          'set-saml',
          '--metadata-file',
          file,
          '--endpoint-url',
          server.url,
        ],
        { env },
      )
      assert.equal(set.status, 0, set.stderr)
      assert.match(set.stdout, new RegExp(`entityID ${server.url}/portal/saml, ACS URL ${acs()}`))
      const options = await (await fetch(`${server.url}/portal/api/sign-in-options`)).json()
      assert.deepEqual(options, { kind: 'external', issuer: IDP, signInUrl: '/portal/saml/start' })
      writeFileSync(file, '<not-metadata/>')
      const bad = await runXaccess(
        [
          'sso',
          'identity-source',
          'set-saml',
          '--metadata-file',
          file,
          '--endpoint-url',
          server.url,
        ],
        { env },
      )
      assert.equal(bad.status, 1)
      assert.match(bad.stderr, /Metadata must be a SAML identity provider metadata document/)
    })

    let first: { response: string; relayState: string } | undefined

    it('a signed response opens a session; the user is created in the named group', async () => {
      const { relayState, requestId } = await start()
      const response = signedResponse(spec(requestId), key, cert)
      first = { response, relayState }
      const r = await post(response, relayState)
      assert.equal(r.status, 302)
      assert.equal(r.headers.get('location'), '/portal/')
      const cookie = /xaccess_portal=([A-Za-z0-9_-]{43})/.exec(r.headers.get('set-cookie') ?? '')
      assert.ok(cookie, r.headers.get('set-cookie') ?? 'no cookie')
      const me = (await (
        await fetch(`${server.url}/portal/api/me`, {
          headers: { cookie: `xaccess_portal=${cookie[1]}` },
        })
      ).json()) as { userName: string }
      assert.equal(me.userName, 'sam')
      const { identitystore } = clientsFor(server.url, server.bootstrap)
      const users = await identitystore.send(new ListUsersCommand({ IdentityStoreId: storeId }))
      const sam = users.Users!.find((u) => u.UserName === 'sam')
      assert.ok(sam)
      const groups = await identitystore.send(
        new ListGroupMembershipsForMemberCommand({
          IdentityStoreId: storeId,
          MemberId: { UserId: sam.UserId! },
        }),
      )
      assert.equal(groups.GroupMemberships!.length, 1)
    })

    it('a replayed response is refused', async () => {
      await refusedWith(await post(first!.response, first!.relayState), /already used/)
      const { relayState } = await start()
      await refusedWith(await post(first!.response, relayState), /does not belong to this sign-in/)
    })

    it('a tampered response (its signature broken) is refused', async () => {
      const { relayState, requestId } = await start()
      const xml = signedResponseXml(spec(requestId), key, cert).replace(
        '>sam</saml:NameID>',
        '>admin</saml:NameID>',
      )
      await refusedWith(
        await post(Buffer.from(xml).toString('base64'), relayState),
        /could not be verified/,
      )
    })

    it('a response signed by another key is refused', async () => {
      const { relayState, requestId } = await start()
      const other = signedResponse(
        spec(requestId),
        samlFixture('other-key.pem'),
        samlFixture('other-cert.pem'),
      )
      await refusedWith(await post(other, relayState), /could not be verified/)
    })

    it('another audience, and another recipient, are refused', async () => {
      let s = await start()
      await refusedWith(
        await post(
          signedResponse(spec(s.requestId, { audience: 'https://other.example/sp' }), key, cert),
          s.relayState,
        ),
        /meant for another application/,
      )
      s = await start()
      await refusedWith(
        await post(
          signedResponse(spec(s.requestId, { recipient: 'https://other.example/acs' }), key, cert),
          s.relayState,
        ),
        /sent to another address/,
      )
    })
  })
}
