/**
 * Analysis benchmark (issue 10): a generated organization of 1 000 accounts (10 OUs of 100) and
 * 10 000 roles, plus 2 000 users, with random trust policies (own account, another account, a
 * named role, an external account with an ExternalId, MFA, services) and random permission
 * policies (AssumeRole on named and wildcard role ARNs, S3, some IAM write actions, a few
 * administrators, boundaries), and SCPs that deny IAM users and key deletion in half the OUs.
 * Figures: snapshot indexing and the full reachability graph, the escalation analysis of every
 * principal, peak memory (RSS), and one who-can query (cold, then warm), each against its target;
 * and the console's findings report, organization picture and one page of findings.
 * No peer is measured: PMapper (Python) is not installed here, and it ignores conditions and SCPs.
 *
 * Run: `npm run bench:analyze` (`-- --accounts N` for another size).
 */
import { parseArgs } from 'node:util'
import {
  analyzeSnapshot,
  buildFindingsReport,
  buildOrganizationPicture,
  checkGuardrails,
  findEscalations,
  selectFindings,
  whoCan,
  type OrganizationSnapshot,
  type SnapshotAccount,
  type SnapshotManagedPolicy,
  type SnapshotOrgPolicy,
} from '../src/analysis/index.ts'

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    'roles-per-account': { type: 'string', default: '10' },
    'users-per-account': { type: 'string', default: '2' },
    seed: { type: 'string', default: '42' },
  },
})
const ACCOUNTS = Number(values.accounts)
const ROLES = Number(values['roles-per-account'])
const USERS = Number(values['users-per-account'])
const OUS = 10

/** mulberry32: a small seeded generator, so every run builds the same organization. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = rng(Number(values.seed))
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
const chance = (p: number) => random() < p

const accountId = (i: number) => String(100_000_000_000 + i * 7919)
const roleName = (j: number) => `app-${j}`
const roleArn = (i: number, j: number) => `arn:aws:iam::${accountId(i)}:role/${roleName(j)}`
const doc = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })
const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' })

function trustPolicy(i: number): string {
  const r = random()
  const principal =
    r < 0.5
      ? { AWS: `arn:aws:iam::${accountId(i)}:root` }
      : r < 0.7
        ? { AWS: `arn:aws:iam::${accountId(Math.floor(random() * ACCOUNTS))}:root` }
        : r < 0.85
          ? { AWS: roleArn(Math.floor(random() * ACCOUNTS), Math.floor(random() * ROLES)) }
          : r < 0.9
            ? { AWS: `${900_000_000_000 + Math.floor(random() * 50)}` }
            : { Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'glue.amazonaws.com']) }
  const condition =
    'AWS' in principal && principal.AWS.startsWith('9')
      ? { StringEquals: { 'sts:ExternalId': `ext-${Math.floor(random() * 1000)}` } }
      : chance(0.1)
        ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
        : undefined
  return doc({
    Effect: 'Allow',
    Principal: principal,
    Action: 'sts:AssumeRole',
    ...(condition === undefined ? {} : { Condition: condition }),
  })
}

function permissionPolicy(i: number): string {
  if (chance(0.01)) return ADMIN
  const statements: object[] = []
  const targets = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
    chance(0.2)
      ? `arn:aws:iam::${accountId(Math.floor(random() * ACCOUNTS))}:role/app-${Math.floor(random() * ROLES)}*`
      : roleArn(chance(0.6) ? i : Math.floor(random() * ACCOUNTS), Math.floor(random() * ROLES)),
  )
  statements.push({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: targets })
  statements.push({
    Effect: 'Allow',
    Action: pick([['s3:GetObject'], ['s3:Get*', 's3:List*'], ['s3:*'], ['dynamodb:GetItem']]),
    Resource: pick(['*', `arn:aws:s3:::bucket-${i}/*`]),
  })
  if (chance(0.05)) {
    statements.push({
      Effect: 'Allow',
      Action: pick([
        'iam:PassRole',
        'iam:AttachRolePolicy',
        'iam:CreateAccessKey',
        'iam:UpdateAssumeRolePolicy',
        'iam:CreatePolicyVersion',
      ]),
      Resource: '*',
    })
    if (chance(0.5))
      statements.push({ Effect: 'Allow', Action: ['ec2:RunInstances', 'lambda:*'], Resource: '*' })
  }
  if (chance(0.05)) statements.push({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' })
  return doc(...statements)
}

function generate(): OrganizationSnapshot {
  const ous = Array.from({ length: OUS }, (_, k) => ({
    id: `ou-bench-${k}`,
    name: `OU${k}`,
    parentId: 'r-bench',
  }))
  const managed: SnapshotManagedPolicy[] = [
    {
      arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      name: 'AdministratorAccess',
      accountId: 'aws',
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document: ADMIN }],
    },
  ]
  const accounts: SnapshotAccount[] = []
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = accountId(i)
    const boundaryArn = `arn:aws:iam::${id}:policy/boundary`
    const sharedArn = `arn:aws:iam::${id}:policy/shared`
    managed.push(
      {
        arn: boundaryArn,
        name: 'boundary',
        accountId: id,
        defaultVersionId: 'v1',
        versions: [
          {
            versionId: 'v1',
            document: doc({
              Effect: 'Allow',
              Action: ['sts:AssumeRole', 's3:*', 'iam:Get*'],
              Resource: '*',
            }),
          },
        ],
      },
      {
        arn: sharedArn,
        name: 'shared',
        accountId: id,
        defaultVersionId: 'v1',
        versions: [
          { versionId: 'v1', document: permissionPolicy(i) },
          { versionId: 'v2', document: permissionPolicy(i) },
        ],
      },
    )
    const roles = Array.from({ length: ROLES }, (_, j) => ({
      name: roleName(j),
      arn: roleArn(i, j),
      id: `AROA${i}X${j}`,
      path: '/',
      trustPolicy: trustPolicy(i),
      inlinePolicies: [{ name: 'inline', document: permissionPolicy(i) }],
      attachedPolicies: chance(0.3) ? [sharedArn] : [],
      permissionsBoundary: chance(0.2) ? boundaryArn : undefined,
      tags: { team: pick(['a', 'b', 'c']) },
    }))
    const users = Array.from({ length: USERS }, (_, u) => ({
      name: `user-${u}`,
      arn: `arn:aws:iam::${id}:user/user-${u}`,
      id: `AIDA${i}X${u}`,
      path: '/',
      groups: chance(0.5) ? ['devs'] : [],
      inlinePolicies: [{ name: 'inline', document: permissionPolicy(i) }],
      attachedPolicies: [],
      permissionsBoundary: chance(0.3) ? boundaryArn : undefined,
      tags: {},
    }))
    const groups = [
      {
        name: 'devs',
        arn: `arn:aws:iam::${id}:group/devs`,
        id: `AGPA${i}`,
        path: '/',
        inlinePolicies: [{ name: 'g', document: permissionPolicy(i) }],
        attachedPolicies: [],
      },
    ]
    accounts.push({
      id,
      name: `account-${i}`,
      parentId: ous[i % OUS]!.id,
      iam: { users, groups, roles },
    })
  }
  const everyNode = ['r-bench', ...ous.map((o) => o.id), ...accounts.map((a) => a.id)]
  const policies: SnapshotOrgPolicy[] = [
    { id: 'p-full', name: 'FullAWSAccess', type: 'scp', document: ADMIN, targets: everyNode },
    {
      id: 'p-guard',
      name: 'Guardrails',
      type: 'scp',
      document: doc({
        Effect: 'Deny',
        Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
      }),
      targets: ous.filter((_, k) => k % 2 === 0).map((o) => o.id),
    },
  ]
  return {
    source: 'generated',
    organization: {
      id: 'o-bench',
      managementAccountId: accountId(0),
      rootId: 'r-bench',
      scpEnabled: true,
      rcpEnabled: false,
    },
    organizationalUnits: ous,
    accounts,
    organizationPolicies: policies,
    managedPolicies: managed,
    identityCenter: undefined,
  }
}

let peakRss = 0
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}
const sampler = setInterval(sample, 20)
const time = <T>(fn: () => T): [T, number] => {
  const start = performance.now()
  const value = fn()
  sample()
  return [value, performance.now() - start]
}
const ms = (n: number) => `${n.toFixed(0)} ms`
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`

const [snapshot, genMs] = time(generate)
const roleCount = snapshot.accounts.reduce((n, a) => n + a.iam.roles.length, 0)
const userCount = snapshot.accounts.reduce((n, a) => n + a.iam.users.length, 0)
console.log(
  `organization: ${snapshot.accounts.length} accounts in ${OUS} OUs, ${roleCount} roles, ${userCount} users (generated in ${ms(genMs)})`,
)
// CPU time beside wall time: on a shared machine the wall clock also counts other processes.
const cpuBefore = process.cpuUsage()
const [analysis, graphMs] = time(() => analyzeSnapshot(snapshot))
const edges = [...analysis.graph.out.values()].reduce((n, l) => n + l.length, 0)
const conditional = [...analysis.graph.out.values()]
  .flat()
  .filter((h) => Object.keys(h.conditions).length > 0).length
console.log(
  `reachability: ${ms(graphMs)}: ${analysis.graph.actors.size} principals, ${edges} AssumeRole edges (${conditional} with conditions), ${analysis.evaluator.decisions} engine decisions`,
)
const before = analysis.evaluator.decisions
const [findings, escMs] = time(() => findEscalations(analysis))
const byTechnique = new Map<string, number>()
for (const f of findings)
  byTechnique.set(
    f.technique.split('+')[0]!,
    (byTechnique.get(f.technique.split('+')[0]!) ?? 0) + 1,
  )
console.log(
  `escalation: ${ms(escMs)}: ${findings.length} findings of ${new Set(findings.map((f) => f.principal)).size} principals, ${analysis.evaluator.decisions - before} engine decisions`,
)
console.log(`  by technique: ${[...byTechnique].map(([t, n]) => `${t} ${n}`).join(', ')}`)
const total = graphMs + escMs
const cpu = process.cpuUsage(cpuBefore)
console.log(
  `full analysis: ${ms(total)} (target < 10 000 ms: ${(total / 10_000).toFixed(2)}× the budget); CPU time ${ms((cpu.user + cpu.system) / 1000)}`,
)
// The console's views over the same analysis: the guardrail rules, the findings report (with who
// reaches each sensitive role), the organization picture, and one page of findings as served.
const [report, reportMs] = time(() =>
  buildFindingsReport(analysis, checkGuardrails(analysis), findings),
)
const [picture, pictureMs] = time(() => buildOrganizationPicture(analysis))
const [page, pageMs] = time(() => selectFindings(report, { severities: ['HIGH'], maxResults: 25 }))
console.log(
  `console views: findings report ${ms(reportMs)} (${report.findings.length} findings), organization picture ${ms(pictureMs)} (${picture.edges.length} edges between accounts, ${(JSON.stringify(picture).length / 1024).toFixed(0)} KiB of JSON), one page of findings ${pageMs.toFixed(1)} ms (${(JSON.stringify(page).length / 1024).toFixed(0)} KiB)`,
)
const query = {
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::bucket-7/reports/q3.csv',
  resourceAccount: accountId(7),
}
const [who, whoMs] = time(() => whoCan(analysis.graph, analysis.evaluator, query))
const [, warmMs] = time(() => whoCan(analysis.graph, analysis.evaluator, query))
console.log(
  `who-can ${query.action} on ${query.resource}: ${who.length} principals, ${ms(whoMs)} cold, ${ms(warmMs)} warm (target < 100 ms: ${(whoMs / 100).toFixed(2)}× cold)`,
)
clearInterval(sampler)
sample()
console.log(
  `peak memory: ${mb(peakRss)} RSS (max RSS reported by the OS: ${mb(process.resourceUsage().maxRSS * 1024)})`,
)
