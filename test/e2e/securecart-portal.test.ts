/**
 * `npm start` as a person uses it: `xaccess serve --org examples/securecart/org.yaml` creates the
 * SecureCart Identity Center users with generated passwords, prints how to sign in (never the
 * passwords), and each user signs in to the access portal (registering MFA) and sees a tile for
 * every account and permission set of their group; a tile's credentials are the
 * AWSReservedSSO_<PermissionSet>_* role in that account. A restart changes nothing.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { signInToPortal } from '../support/portal-session.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { SECURECART_ORG_FILE } from './securecart-world.ts'

interface Tile {
  accountId: string
  accountName: string
  roles: { roleName: string }[]
}

const tilesOf = (accounts: { accounts: Tile[] }) =>
  Object.fromEntries(
    accounts.accounts.map((a) => [a.accountName, a.roles.map((r) => r.roleName).sort()]),
  )

describe('npm start: SecureCart users sign in to the access portal', { timeout: 300_000 }, () => {
  let server: ServerProcess
  let passwords: Record<string, string>
  const seeds = new Map<string, string>()
  const dataDir = mkdtempSync(join(tmpdir(), 'xaccess-portal-'))
  const passwordFile = join(dataDir, 'identity-center-passwords.json')

  before(async () => {
    server = await startServerProcess({
      orgFile: SECURECART_ORG_FILE,
      dataDir,
      timeoutMs: 180_000,
    })
    assert.equal(statSync(passwordFile).mode & 0o777, 0o600)
    passwords = (
      JSON.parse(readFileSync(passwordFile, 'utf8')) as { passwords: Record<string, string> }
    ).passwords
  })
  after(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const signIn = async (user: string) => {
    const session = await signInToPortal(server.url, user, passwords[user]!, seeds.get(user))
    if (session.mfaSeed !== undefined) seeds.set(user, session.mfaSeed)
    return session
  }

  it('prints who can sign in and where the passwords are, never a password', async () => {
    // The hint follows the listening line; a pipe may hand it over a moment later.
    for (let i = 0; i < 100 && !/registers an MFA device/.test(server.output()); i++)
      await new Promise((r) => setTimeout(r, 50))
    const out = server.output()
    assert.match(out, /Access portal: http:\/\/127\.0\.0\.1:\d+\/portal\//)
    for (const user of ['dana', 'anna', 'sean', 'ada']) {
      assert.match(
        out,
        new RegExp(`^  ${user} +\\(\\w+\\) +password in .*identity-center-passwords\\.json`, 'm'),
      )
      const password = passwords[user]
      assert.ok(password !== undefined && password.length >= 16)
      assert.ok(!out.includes(password), `the password of ${user} was printed`)
      assert.ok(!server.errorOutput().includes(password), `the password of ${user} was logged`)
    }
    assert.match(out, /registers an MFA device/)
  })

  it('shows each user the tiles of their group (admin in Dev and read-only in Prod for Admins)', async () => {
    const dana = await signIn('dana')
    assert.ok(dana.mfaSeed !== undefined, 'the first sign-in registers MFA')
    assert.deepEqual(tilesOf(await dana.get('accounts')), {
      Dev: ['DeveloperAccess'],
      Staging: ['DeveloperAccess'],
      Prod: ['ReadOnlyAccess'],
    })
    assert.deepEqual(tilesOf(await (await signIn('ada')).get('accounts')), {
      Dev: ['AdministratorAccess'],
      Staging: ['AdministratorAccess'],
      Infra: ['AdministratorAccess'],
      Prod: ['ReadOnlyAccess'],
    })
    assert.deepEqual(tilesOf(await (await signIn('sean')).get('accounts')), {
      Security: ['AdministratorAccess'],
      'Log Archive': ['AdministratorAccess'],
      Infra: ['ReadOnlyAccess'],
      Dev: ['ReadOnlyAccess'],
      Staging: ['ReadOnlyAccess'],
      Prod: ['ReadOnlyAccess'],
    })
    assert.deepEqual(tilesOf(await (await signIn('anna')).get('accounts')), {
      Staging: ['ReadOnlyAccess'],
      Prod: ['ReadOnlyAccess'],
    })
    await assert.rejects(signInToPortal(server.url, 'dana', 'Wrong-password-1'), /401/)
  })

  it("a tile's credentials are the permission set's AWSReservedSSO role in that account", async () => {
    const dana = await signIn('dana')
    const accounts = (await dana.get('accounts')) as { accounts: Tile[] }
    const dev = accounts.accounts.find((a) => a.accountName === 'Dev')!
    const { roleCredentials: c } = (await dana.post('credentials', {
      accountId: dev.accountId,
      roleName: 'DeveloperAccess',
    })) as {
      roleCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }
    }
    const sts = new STSClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
      },
    })
    try {
      const me = await sts.send(new GetCallerIdentityCommand({}))
      assert.equal(me.Account, dev.accountId)
      assert.match(
        me.Arn ?? '',
        new RegExp(
          `^arn:aws:sts::${dev.accountId}:assumed-role/AWSReservedSSO_DeveloperAccess_[0-9a-f]{16}/dana$`,
        ),
      )
    } finally {
      sts.destroy()
    }
  })

  it('a restart applies nothing new and keeps the passwords', async () => {
    const before = readFileSync(passwordFile, 'utf8')
    await server.stop()
    server = await startServerProcess({
      orgFile: SECURECART_ORG_FILE,
      dataDir,
      bootstrapFrom: dataDir,
      timeoutMs: 180_000,
    })
    const out = server.output()
    assert.match(out, /Applied .*org\.yaml: 0 created, 0 updated, \d+ unchanged/)
    assert.doesNotMatch(out, /initial password/)
    assert.equal(readFileSync(passwordFile, 'utf8'), before)
    const dana = await signIn('dana')
    assert.deepEqual(Object.keys(tilesOf(await dana.get('accounts'))).sort(), [
      'Dev',
      'Prod',
      'Staging',
    ])
  })
})
