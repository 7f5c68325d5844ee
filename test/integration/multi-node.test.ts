/**
 * Two stateless xaccess nodes on one PostgreSQL (ARCHITECTURE.md, "Scale-out"): a session token
 * issued by one node works on the other, and a policy change made through one node reaches the
 * other's decisions (LISTEN/NOTIFY), with the real AWS SDK v3.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  IAMClient,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient, GetSessionTokenCommand } from '@aws-sdk/client-sts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'

const creds = (accessKeyId: string, secretAccessKey: string, sessionToken?: string) => ({
  accessKeyId,
  secretAccessKey,
  ...(sessionToken === undefined ? {} : { sessionToken }),
})

describe('two nodes on one PostgreSQL', async () => {
  const reachable = (await postgresUnreachable()) === undefined
  if (!reachable && process.env.CI === 'true') {
    it('needs PostgreSQL under CI', () =>
      assert.fail(`PostgreSQL is not reachable at ${redactedPostgresUrl}`))
    return
  }
  const skip = reachable ? false : 'PostgreSQL is not reachable (set XACCESS_TEST_POSTGRES_URL)'
  let drop: (() => Promise<void>) | undefined
  const masterKey = randomBytes(32).toString('base64')
  let a: ServerProcess
  let b: ServerProcess

  before(async () => {
    if (skip !== false) return
    const created = await createPostgresDatabase('xaccess_mn')
    drop = created.drop
    const url = created.url
    const env = { XACCESS_MASTER_KEY: masterKey }
    a = await startServerProcess({ database: url, env })
    // The second node finds the organization already there: it bootstraps nothing.
    b = await startServerProcess({ database: url, env, bootstrapFrom: a.dataDir })
  })

  after(async () => {
    if (skip !== false) return
    await a?.stop()
    await b?.stop()
    await drop?.()
  })

  it('accepts on one node the session token issued by the other', { skip }, async () => {
    const root = creds(a.bootstrap.accessKeyId, a.bootstrap.secretAccessKey)
    const onA = new STSClient({ endpoint: a.url, region: 'us-east-1', credentials: root })
    const session = await onA.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))
    const c = session.Credentials!
    const onB = new STSClient({
      endpoint: b.url,
      region: 'us-east-1',
      credentials: creds(c.AccessKeyId!, c.SecretAccessKey!, c.SessionToken!),
    })
    const who = await onB.send(new GetCallerIdentityCommand({}))
    assert.equal(who.Account, a.bootstrap.accountId)
  })

  it('applies a policy change made through one node to the other node', { skip }, async () => {
    const root = creds(a.bootstrap.accessKeyId, a.bootstrap.secretAccessKey)
    const iamA = new IAMClient({ endpoint: a.url, region: 'us-east-1', credentials: root })
    await iamA.send(new CreateUserCommand({ UserName: 'carol' }))
    const key = (await iamA.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!
    const iamB = new IAMClient({
      endpoint: b.url,
      region: 'us-east-1',
      credentials: creds(key.AccessKeyId!, key.SecretAccessKey!),
    })
    // No policy yet: node B denies (and caches carol's compiled policies).
    await assert.rejects(iamB.send(new CreateUserCommand({ UserName: 'dave' })), {
      name: 'AccessDenied',
    })
    await iamA.send(
      new AttachUserPolicyCommand({
        UserName: 'carol',
        PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
      }),
    )
    // Node B hears of the change: within a moment the same call is allowed.
    const deadline = Date.now() + 5000
    for (;;) {
      try {
        await iamB.send(new CreateUserCommand({ UserName: 'dave' }))
        break
      } catch (e) {
        if ((e as Error).name !== 'AccessDenied' || Date.now() > deadline) throw e
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  })
})
