/**
 * S3 benchmark: PUT and GET of 4 KiB objects per second, and MiB/s for 64 MiB objects, through
 * the real SDK v3 (`@aws-sdk/client-s3`, path-style) over loopback; xaccess (SQLite in a temp
 * dir, every request authorized by the policy engine for an IAM user with an inline policy,
 * bytes fsync'd before the answer) against moto's server (in memory, nothing authorized), both
 * started in the same run. Prints each figure and the ratio xaccess/moto.
 *
 * Run: `npm run bench:s3` (`npx node bench/s3.bench.ts`). Options: `--seconds N` per small-object
 * row (default 5), `--concurrency N` requests in flight for small objects (default 8),
 * `--large N` 64 MiB objects per direction (default 4). Exit 2 when moto is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'

const ROOT = resolve(import.meta.dirname, '..')
const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    large: { type: 'string', default: '4' },
  },
})
const ROW_MS = Number(opts.seconds) * 1000
const CONCURRENCY = Number(opts.concurrency)
const LARGE_COUNT = Number(opts.large)
const SMALL = randomBytes(4 * 1024)
const LARGE = randomBytes(64 * 1024 * 1024)

interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

interface Server {
  readonly name: string
  readonly url: string
  readonly credentials: Credentials
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((r) => probe.close(() => r()))
  return port
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${out}`)), 120_000)
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = pattern.exec(out)
      if (m !== null) {
        clearTimeout(timer)
        resolveLine(m[1] ?? m[0])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${out}`)))
  })
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((r) => {
    if (child.exitCode !== null) return r()
    child.once('exit', () => r())
    child.kill('SIGTERM')
  })

async function startXaccess(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xaccess-bench-s3-'))
  const child = spawn(
    process.execPath,
    [join(ROOT, 'src/cli/run.ts'), 'serve', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const url = await waitFor(child, /xaccess listening on (http:\/\/\S+)/, 'xaccess')
  const boot = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as Credentials
  // An IAM user whose inline policy allows S3: the engine evaluates a real identity policy.
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: boot })
  await iam.send(new CreateUserCommand({ UserName: 'bench' }))
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'bench',
      PolicyName: 's3',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      }),
    }),
  )
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }))).AccessKey!
  const stop = stopper(child)
  return {
    name: 'xaccess',
    url,
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    stop: async () => {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function startMoto(): Promise<Server> {
  const port = await freePort()
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await waitFor(child, /Running on (http:\/\/\S+)/, 'moto')
  return {
    name: 'moto',
    url: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
    stop: stopper(child),
  }
}

const client = (s: Server) =>
  new S3Client({
    endpoint: s.url,
    region: 'us-east-1',
    credentials: s.credentials,
    forcePathStyle: true,
    maxAttempts: 1,
  })

/** Runs `op` with CONCURRENCY in flight for ROW_MS; operations per second. */
async function rate(op: (i: number) => Promise<void>): Promise<number> {
  let next = 0
  const end = Date.now() + ROW_MS
  const start = Date.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) await op(next++)
    }),
  )
  return next / ((Date.now() - start) / 1000)
}

async function throughput(op: (i: number) => Promise<void>): Promise<number> {
  const start = Date.now()
  for (let i = 0; i < LARGE_COUNT; i++) await op(i)
  return (LARGE_COUNT * 64) / ((Date.now() - start) / 1000)
}

async function measure(server: Server): Promise<Record<string, number>> {
  const s3 = client(server)
  const bucket = 'bench-bucket'
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  // Warm-up: connections, compiled policies.
  for (let i = 0; i < 20; i++)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `warm/${i}`, Body: SMALL }))
  let written = 0
  const putSmall = await rate(async (i) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `small/${i}`, Body: SMALL }))
    written = Math.max(written, i + 1)
  })
  const getSmall = await rate(async (i) => {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `small/${i % written}` }))
    const body = await r.Body!.transformToByteArray()
    if (body.length !== SMALL.length) throw new Error('short read')
  })
  const putLarge = await throughput(async (i) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `large/${i}`, Body: LARGE }))
  })
  const getLarge = await throughput(async (i) => {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `large/${i}` }))
    let size = 0
    for await (const chunk of r.Body as AsyncIterable<Uint8Array>) size += chunk.length
    if (size !== LARGE.length) throw new Error('short read')
  })
  s3.destroy()
  return {
    'PUT 4 KiB (objects/s)': putSmall,
    'GET 4 KiB (objects/s)': getSmall,
    'PUT 64 MiB (MiB/s)': putLarge,
    'GET 64 MiB (MiB/s)': getLarge,
  }
}

const moto = spawnSync('python3', ['-c', 'import moto; print(moto.__version__)'], {
  encoding: 'utf8',
})
if (moto.status !== 0) {
  console.error('s3 benchmark: moto is not installed for python3 (pip install "moto[server]")')
  process.exit(2)
}

const results: Record<string, Record<string, number>> = {}
for (const start of [startXaccess, startMoto]) {
  const server = await start()
  try {
    console.error(`measuring ${server.name} at ${server.url} …`)
    results[server.name] = await measure(server)
  } finally {
    await server.stop()
  }
}

console.log(
  `S3 through @aws-sdk/client-s3, ${CONCURRENCY} in flight for 4 KiB (${ROW_MS / 1000} s a row), ` +
    `${LARGE_COUNT} × 64 MiB one at a time; moto ${moto.stdout.trim()}, Node ${process.version}`,
)
console.log(
  `${'row'.padEnd(24)}${'xaccess'.padStart(10)}${'moto'.padStart(10)}${'ratio'.padStart(8)}`,
)
for (const row of Object.keys(results.xaccess!)) {
  const x = results.xaccess![row]!
  const m = results.moto![row]!
  console.log(
    `${row.padEnd(24)}${x.toFixed(1).padStart(10)}${m.toFixed(1).padStart(10)}${(x / m).toFixed(2).padStart(8)}`,
  )
}
