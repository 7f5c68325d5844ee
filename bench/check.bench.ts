/**
 * Access-as-code benchmark (issue 11): a generated organization (test/support/generate-organization.ts;
 * by default 1 000 member accounts with 10 roles each, 10 000 roles) applied to a real server
 * process (SQLite) with `xaccess apply`, then, each timed with the peak memory (RSS) of its
 * process: `xaccess plan` with nothing changed, `xaccess export`, the plan of the export with
 * --prune (the round trip), `xaccess import aws --collect` of the server, and `xaccess check`
 * of 100 generated assertions on that import.
 *
 * Peer, in the same run and process: the idempotent apply that predates plans (applyOrganizationFile
 * over the same SDK client, one Get or List per resource and attachment, one at a time) with
 * nothing to change, against plan's list calls and diff, both on the first --peer-accounts
 * accounts of the file. `--server-check` also times check --server (a second collection).
 *
 * Run: `npm run bench:check` (`-- --accounts N --roles-per-account R --peer-accounts P`).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam'
import { generateOrganizationFile } from '../test/support/generate-organization.ts'
import { startServerProcess } from '../test/support/server-process.ts'

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    'roles-per-account': { type: 'string', default: '10' },
    'peer-accounts': { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '8' },
    'server-check': { type: 'boolean', default: false },
  },
})
const ACCOUNTS = Number(values.accounts)
const ROLES = Number(values['roles-per-account'])
const PEER = Math.min(ACCOUNTS, Number(values['peer-accounts']))
const RUN = join(resolve(import.meta.dirname, '..'), 'src', 'cli', 'run.ts')
const MEASURE = join(import.meta.dirname, 'measure-rss.ts')

interface Measured {
  readonly seconds: number
  readonly rssMiB: number
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `xaccess ARGS` in a child that reports its own peak RSS at exit. */
function xaccess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  const started = performance.now()
  return new Promise((done) => {
    execFile(
      process.execPath,
      [MEASURE, RUN, ...args],
      { env: { PATH: process.env.PATH, ...env }, maxBuffer: 1 << 30, timeout: 4 * 3600_000 },
      (error, stdout, stderr) => {
        const m = /xaccess-max-rss-kib (\d+)/.exec(stderr)
        done({
          seconds: (performance.now() - started) / 1000,
          rssMiB: m === null ? NaN : Number(m[1]) / 1024,
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        })
      },
    )
  })
}

function assertions(count: number): string {
  const acct = (i: number) =>
    `acct-${String(((i * 37) % ACCOUNTS) + 1).padStart(Math.max(4, String(ACCOUNTS).length), '0')}`
  const lines = ['assertions:']
  for (let i = 0; i < count; i++) {
    const a = acct(i)
    switch (i % 4) {
      case 0:
        lines.push(
          `  - name: app-001 of ${a} reads its bucket (${i})`,
          '    can:',
          `      who: arn:aws:iam::{{account:${a}}}:role/app-001`,
          '      action: s3:GetObject',
          `      resource: arn:aws:s3:::${a}-data/k`,
          `      resourceAccount: ${a}`,
        )
        break
      case 1:
        lines.push(
          `  - name: the CI user cannot create users in ${a} (${i})`,
          '    cannot:',
          '      who: user:Tools/ci',
          '      action: iam:CreateUser',
          `      resource: arn:aws:iam::{{account:${a}}}:user/x`,
        )
        break
      case 2:
        lines.push(
          `  - name: Tools deployers cannot assume app-002 of ${a} (${i})`,
          '    cannot:',
          '      who: group:Tools/deployers',
          '      action: sts:AssumeRole',
          `      resource: arn:aws:iam::{{account:${a}}}:role/app-002`,
        )
        break
      default:
        lines.push(
          `  - name: app-003 of ${a} cannot create users (${i})`,
          '    cannot:',
          `      who: arn:aws:iam::{{account:${a}}}:role/app-003`,
          '      action: iam:CreateUser',
          `      resource: arn:aws:iam::{{account:${a}}}:user/x`,
        )
    }
  }
  return lines.join('\n') + '\n'
}

const dir = mkdtempSync(join(tmpdir(), 'xaccess-bench-check-'))
const file = join(dir, 'generated.yaml')
writeFileSync(file, generateOrganizationFile({ accounts: ACCOUNTS, rolesPerAccount: ROLES }))
const peerFile = join(dir, 'peer.yaml')
writeFileSync(peerFile, generateOrganizationFile({ accounts: PEER, rolesPerAccount: ROLES }))
writeFileSync(join(dir, 'assertions.yaml'), assertions(100))
console.log(
  `organization: ${ACCOUNTS} member accounts + Tools, ${ACCOUNTS * ROLES} generated roles ` +
    `(+ OrganizationAccountAccessRole in each), concurrency ${values.concurrency}`,
)
const server = await startServerProcess({ timeoutMs: 120_000 })
try {
  const root = new IAMClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: {
      accessKeyId: server.bootstrap.accessKeyId,
      secretAccessKey: server.bootstrap.secretAccessKey,
    },
  })
  await root.send(new CreateUserCommand({ UserName: 'admin' }))
  await root.send(
    new AttachUserPolicyCommand({
      UserName: 'admin',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    }),
  )
  const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!
  root.destroy()
  const env = {
    HOME: dir,
    AWS_ACCESS_KEY_ID: key.AccessKeyId!,
    AWS_SECRET_ACCESS_KEY: key.SecretAccessKey!,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: server.url,
  }
  const c = ['--concurrency', values.concurrency!]
  const rows: [string, Measured][] = []
  const step = async (label: string, args: string[], expect: (m: Measured) => boolean) => {
    const m = await xaccess(args, env)
    rows.push([label, m])
    const ok = expect(m)
    console.log(
      `${label.padEnd(44)} ${m.seconds.toFixed(1).padStart(8)} s  ${m.rssMiB.toFixed(0).padStart(5)} MiB RSS` +
        (ok
          ? ''
          : `  UNEXPECTED (exit ${m.status})\n${m.stderr.slice(-2000)}\n${m.stdout.slice(-2000)}`),
    )
    return m
  }
  const noChanges = (m: Measured) => m.status === 0 && /No changes/.test(m.stdout)
  await step('apply (from nothing)', ['apply', file, '--quiet', ...c], (m) => m.status === 0)
  const plan = await step('plan, nothing changed', ['plan', file, ...c], noChanges)
  const exported = join(dir, 'exported.yaml')
  await step('export', ['export', '--out', exported, '--quiet', ...c], (m) => m.status === 0)
  await step(
    'plan of the export --prune (round trip)',
    ['plan', exported, '--prune', ...c],
    noChanges,
  )
  const importDir = join(dir, 'import')
  await step(
    'import aws --collect (the server)',
    ['import', 'aws', importDir, '--collect', '--endpoint-url', server.url],
    (m) => m.status === 0,
  )
  const assertFile = join(dir, 'assertions.yaml')
  const counts = (m: Measured) => {
    try {
      const j = JSON.parse(m.stdout) as { passed: number; failed: number }
      return `${j.passed} passed, ${j.failed} failed`
    } catch {
      return `no report (exit ${m.status}): ${m.stderr.slice(-500)}`
    }
  }
  const fromImport = await step(
    'check --import, 100 assertions',
    ['check', '--import', importDir, '--assert', assertFile, '--json'],
    (m) => m.status === 0 || m.status === 1,
  )
  console.log(`  ${counts(fromImport)}`)
  if (values['server-check'] === true) {
    const fromServer = await step(
      'check --server, 100 assertions',
      ['check', '--server', server.url, '--assert', assertFile, '--json'],
      (m) => m.status === 0 || m.status === 1,
    )
    console.log(`  ${counts(fromServer)}`)
  }
  // The peer: the older idempotent apply (one Get/List per resource) with nothing to change,
  // against plan's reads and diff, both in this process over one kind of client.
  const { planSeconds, peerSeconds } = await measurePeer(peerFile, env)
  console.log(
    `${`plan (in process), first ${PEER} accounts`.padEnd(44)} ${planSeconds.toFixed(1).padStart(8)} s`,
  )
  console.log(
    `${`peer: per-resource idempotent apply, ${PEER} acc.`.padEnd(44)} ${peerSeconds.toFixed(1).padStart(8)} s` +
      `  → plan is ${(peerSeconds / planSeconds).toFixed(1)}× faster`,
  )
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8')
  const hwm = /VmHWM:\s+(\d+)/.exec(status)
  console.log(`server peak RSS ${hwm === null ? '?' : (Number(hwm[1]) / 1024).toFixed(0)} MiB`)
  void plan
} finally {
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}

/**
 * In this process, over the same SDK client: plan's list reads and diff of the peer file, then
 * applyOrganizationFile of it (one Get or List per resource, nothing to change).
 */
async function measurePeer(
  path: string,
  env: Record<string, string>,
): Promise<{ planSeconds: number; peerSeconds: number }> {
  const { parseOrganizationFile, applyOrganizationFile } =
    await import('../src/domain/org-file/index.ts')
  const { readRunningOrganization, planOrganizationFile } =
    await import('../src/domain/org-plan/index.ts')
  const { sdkOrgFileClient } = await import('../src/cli/aws/sdk-org-file-client.ts')
  const parsed = parseOrganizationFile(readFileSync(path, 'utf8'), path)
  if (!parsed.ok) throw new Error('the peer file does not parse')
  const file = parsed.file
  const client = sdkOrgFileClient({
    endpoint: env.AWS_ENDPOINT_URL!,
    region: 'us-east-1',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
    },
    roleName: 'OrganizationAccountAccessRole',
    sessionName: 'bench-peer',
  })
  await client.callerIdentity()
  const names = new Set(file.accounts.map((a) => a.name))
  let started = performance.now()
  const running = await readRunningOrganization(client, {
    iamAccounts: (accounts, management) =>
      new Set([management, ...accounts.filter((a) => names.has(a.name)).map((a) => a.id)]),
    concurrency: Number(values.concurrency),
  })
  const plan = planOrganizationFile(file, running, { prune: false })
  const planSeconds = (performance.now() - started) / 1000
  if (plan.changes.length !== 0)
    throw new Error(`the peer plan has ${plan.changes.length} change(s)`)
  started = performance.now()
  const summary = await applyOrganizationFile(file, client, () => {})
  const peerSeconds = (performance.now() - started) / 1000
  client.destroy()
  if (summary.created + summary.updated !== 0)
    throw new Error(`the peer changed ${summary.created + summary.updated} item(s)`)
  return { planSeconds, peerSeconds }
}
