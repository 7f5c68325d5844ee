/**
 * Three xaccess nodes on one PostgreSQL, each with its own data dir, under a load generator
 * spread round-robin across them (issue 15, "Several nodes"), with the real SDK v3:
 * - read-your-writes across nodes: a policy change made through one node (a Deny inline policy
 *   on the caller, its role's trust policy, an SCP on its account) is enforced by another node on
 *   the very next call after the change's response returned, and so is its undoing;
 * - a node killed with SIGKILL under write load loses nothing it acknowledged: every user whose
 *   CreateUser was answered exists when read through the other nodes, and once the killed node
 *   restarts on its data dir (recovering its audit journal), every answered call has its event.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import pg from 'pg'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'
import { clientsFor, createMemberAccount, type Clients, type Credentials } from './aws-clients.ts'

/** Rounds of each kind of change (each round: deny, check, allow, check). */
const ROUNDS = 12

const trust = (principal: string, effect: 'Allow' | 'Deny') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' },
      ...(effect === 'Deny'
        ? [{ Effect: 'Deny', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }]
        : []),
    ],
  })

const DENY_ASSUME = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }],
})

/**
 * GetCallerIdentity from `inFlight` loops over the nodes in turn until `stop()`; keeps the
 * request ids of the answered calls.
 */
function loadGenerator(nodes: readonly Clients[], inFlight: number) {
  let running = true
  const answered: string[] = []
  let failed = 0
  let turn = 0
  const loops = Array.from({ length: inFlight }, async () => {
    while (running) {
      const node = nodes[turn++ % nodes.length]!
      try {
        const r = await node.sts.send(new GetCallerIdentityCommand({}))
        answered.push(r.$metadata.requestId!)
      } catch {
        failed++
        await sleep(20)
      }
    }
  })
  return {
    async stop() {
      running = false
      await Promise.all(loops)
      return { answered, failed }
    },
  }
}

describe('three nodes on one PostgreSQL', async () => {
  const unreachable = await postgresUnreachable()
  if (unreachable !== undefined && process.env.CI === 'true') {
    it('needs PostgreSQL under CI', () =>
      assert.fail(`PostgreSQL is not reachable at ${redactedPostgresUrl}: ${unreachable}`))
    return
  }
  const skip = unreachable === undefined ? false : `PostgreSQL not reachable: ${unreachable}`
  const masterKey = randomBytes(32).toString('base64')
  let database = ''
  let drop: (() => Promise<void>) | undefined
  const nodes: ServerProcess[] = []
  const restartedDirs: string[] = []
  let root: Credentials

  const startNode = (dataDir?: string) =>
    startServerProcess({
      database,
      env: { XACCESS_MASTER_KEY: masterKey },
      timeoutMs: 120_000,
      ...(nodes.length === 0 ? {} : { bootstrapFrom: nodes[0]!.dataDir }),
      ...(dataDir === undefined ? {} : { dataDir }),
    })

  before(async () => {
    if (skip !== false) return
    const created = await createPostgresDatabase('xaccess_3n')
    database = created.url
    drop = created.drop
    // The first node creates the organization; the others find it there.
    nodes.push(await startNode())
    nodes.push(...(await Promise.all([startNode(), startNode()])))
    root = {
      accessKeyId: nodes[0]!.bootstrap.accessKeyId,
      secretAccessKey: nodes[0]!.bootstrap.secretAccessKey,
    }
  })

  after(async () => {
    await Promise.allSettled(nodes.map((n) => n.stop()))
    for (const dir of restartedDirs) rmSync(dir, { recursive: true, force: true })
    await drop?.()
  })

  it(
    'enforces a change made through one node on another node at once',
    { skip, timeout: 600_000 },
    async () => {
      const rootOn = nodes.map((n) => clientsFor(n.url, root))
      const member = await createMemberAccount(rootOn[0]!.org, 'Three', 'three@example.com')
      // An administrator of the member account: a management IAM user's session of its
      // OrganizationAccountAccessRole (root users may not assume roles).
      await rootOn[0]!.iam.send(new CreateUserCommand({ UserName: 'ops' }))
      await rootOn[0]!.iam.send(
        new AttachUserPolicyCommand({
          UserName: 'ops',
          PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
      )
      const opsKey = (await rootOn[0]!.iam.send(new CreateAccessKeyCommand({ UserName: 'ops' })))
        .AccessKey!
      const ops = clientsFor(nodes[0]!.url, {
        accessKeyId: opsKey.AccessKeyId!,
        secretAccessKey: opsKey.SecretAccessKey!,
      })
      const session = (
        await ops.sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
            RoleSessionName: 'three-nodes',
          }),
        )
      ).Credentials!
      const adminCredentials = {
        accessKeyId: session.AccessKeyId!,
        secretAccessKey: session.SecretAccessKey!,
        sessionToken: session.SessionToken!,
      }
      const adminOn = nodes.map((n) => clientsFor(n.url, adminCredentials))
      // A caller in the member account, allowed to assume `target`, which trusts it.
      const admin = adminOn[0]!
      await admin.iam.send(new CreateUserCommand({ UserName: 'caller' }))
      await admin.iam.send(
        new PutUserPolicyCommand({
          UserName: 'caller',
          PolicyName: 'assume',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
          }),
        }),
      )
      const callerArn = `arn:aws:iam::${member}:user/caller`
      await admin.iam.send(
        new CreateRoleCommand({
          RoleName: 'target',
          AssumeRolePolicyDocument: trust(callerArn, 'Allow'),
        }),
      )
      const key = (await admin.iam.send(new CreateAccessKeyCommand({ UserName: 'caller' })))
        .AccessKey!
      const callerKey = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
      const callerOn = nodes.map((n) => clientsFor(n.url, callerKey))
      const scp = await rootOn[0]!.org.send(
        new CreatePolicyCommand({
          Name: 'deny-assume-role',
          Description: 'three-node test',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: DENY_ASSUME,
        }),
      )
      const scpId = scp.Policy!.PolicySummary!.Id!
      const assume = (node: number) =>
        callerOn[node]!.sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${member}:role/target`,
            RoleSessionName: 'rw',
          }),
        )
      const load = loadGenerator(callerOn, 3)
      const changes: Record<
        string,
        { deny: (on: number) => Promise<unknown>; allow: (on: number) => Promise<unknown> }
      > = {
        'a Deny inline policy on the caller': {
          deny: (on) =>
            adminOn[on]!.iam.send(
              new PutUserPolicyCommand({
                UserName: 'caller',
                PolicyName: 'deny',
                PolicyDocument: DENY_ASSUME,
              }),
            ),
          allow: (on) =>
            adminOn[on]!.iam.send(
              new DeleteUserPolicyCommand({ UserName: 'caller', PolicyName: 'deny' }),
            ),
        },
        "the role's trust policy": {
          deny: (on) =>
            adminOn[on]!.iam.send(
              new UpdateAssumeRolePolicyCommand({
                RoleName: 'target',
                PolicyDocument: trust(callerArn, 'Deny'),
              }),
            ),
          allow: (on) =>
            adminOn[on]!.iam.send(
              new UpdateAssumeRolePolicyCommand({
                RoleName: 'target',
                PolicyDocument: trust(callerArn, 'Allow'),
              }),
            ),
        },
        "an SCP on the caller's account": {
          deny: (on) =>
            rootOn[on]!.org.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: member })),
          allow: (on) =>
            rootOn[on]!.org.send(new DetachPolicyCommand({ PolicyId: scpId, TargetId: member })),
        },
      }
      const stale: string[] = []
      try {
        for (const [what, change] of Object.entries(changes)) {
          for (let round = 0; round < ROUNDS; round++) {
            const writer = round % 3
            const reader = (round + 1 + (round % 2)) % 3 // always another node
            // The reader node decides (and caches) with the policies as they are.
            await assume(reader)
            await change.deny(writer)
            await assume(reader).then(
              () =>
                stale.push(
                  `${what}, round ${round}: node ${reader} allowed after node ${writer} denied`,
                ),
              (e: Error) => assert.equal(e.name, 'AccessDenied', e.message),
            )
            await change.allow(writer)
            await assume(reader).catch((e: Error) =>
              stale.push(
                `${what}, round ${round}: node ${reader} still denied (${e.name}) after node ${writer} allowed`,
              ),
            )
          }
        }
      } finally {
        const { answered } = await load.stop()
        assert.ok(answered.length > 0, 'the load generator got answers')
        for (const c of [ops, ...rootOn, ...adminOn, ...callerOn])
          for (const s of Object.values(c)) s.destroy()
      }
      assert.deepEqual(stale, [], 'every node enforces a change once its response has returned')
    },
  )

  it(
    'loses nothing acknowledged by a node killed with SIGKILL under load',
    { skip, timeout: 600_000 },
    async () => {
      const rootOn = nodes.map((n) => clientsFor(n.url, root))
      const load = loadGenerator(rootOn, 2)
      const acknowledged: { userName: string; requestId: string }[] = []
      let next = 0
      let writing = true
      const writers = Array.from({ length: 6 }, async () => {
        while (writing) {
          const n = next++
          const userName = `kill-${n}`
          try {
            const r = await rootOn[n % 3]!.iam.send(new CreateUserCommand({ UserName: userName }))
            acknowledged.push({ userName, requestId: r.$metadata.requestId! })
          } catch {
            await sleep(20) // the killed node: not acknowledged
          }
        }
      })
      // Kill node 1 once it has acknowledged writes.
      while (acknowledged.filter((a) => Number(a.userName.slice(5)) % 3 === 1).length < 20)
        await sleep(20)
      await sleep(Math.random() * 300)
      await nodes[1]!.kill()
      const atKill = acknowledged.length
      while (acknowledged.length < atKill + 30) await sleep(20)
      writing = false
      await Promise.all(writers)
      const reads = (await load.stop()).answered
      const byKilled = acknowledged.filter((a) => Number(a.userName.slice(5)) % 3 === 1)
      assert.ok(
        byKilled.length >= 20,
        `node 1 acknowledged ${byKilled.length} writes before the kill`,
      )

      // Every acknowledged user, read through the nodes still up.
      const missing: string[] = []
      for (const [i, a] of acknowledged.entries()) {
        const via = rootOn[i % 2 === 0 ? 0 : 2]!
        await via.iam
          .send(new GetUserCommand({ UserName: a.userName }))
          .catch(() => missing.push(a.userName))
      }
      assert.deepEqual(missing, [], 'every acknowledged CreateUser is visible on the other nodes')

      // The killed node restarts on its data dir and recovers its journal: every answered call
      // has its audit event (a write's commits with the write; a read's goes through the journal).
      const killedDir = nodes[1]!.dataDir
      restartedDirs.push(killedDir)
      nodes[1] = await startNode(killedDir)
      const client = new pg.Client({ connectionString: database })
      await client.connect()
      try {
        const { rows } = await client.query<{ record: string }>('select record from audit_event')
        const recorded = new Set(
          rows.map((r) => (JSON.parse(r.record) as { requestID: string }).requestID),
        )
        const unrecorded = acknowledged
          .filter((a) => !recorded.has(a.requestId))
          .map((a) => a.userName)
        assert.deepEqual(unrecorded, [], 'every acknowledged CreateUser has its audit event')
        assert.ok(reads.length > 0, 'the load generator got answers')
        const unrecordedReads = reads.filter((id) => !recorded.has(id))
        assert.deepEqual(unrecordedReads, [], 'every answered GetCallerIdentity has its event')
      } finally {
        await client.end()
      }
      for (const c of rootOn) for (const s of Object.values(c)) s.destroy()
    },
  )
})
