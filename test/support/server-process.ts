/**
 * Starts a real `xaccess serve` process for integration tests: a fresh data dir, port 0, waits for
 * the listening line, reads bootstrap.json. SQLite by default; PostgreSQL with `database`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface Bootstrap {
  readonly endpoint: string
  readonly portalUrl: string
  readonly accountId: string
  readonly organizationId: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

export interface ServerProcess {
  readonly url: string
  readonly dataDir: string
  readonly bootstrap: Bootstrap
  /** Everything the server printed on stdout so far. */
  readonly output: () => string
  /** Everything the server wrote on stderr so far (its JSON log lines). */
  readonly errorOutput: () => string
  /** The server's process id. */
  readonly pid: number
  /** Stops it gracefully (SIGTERM) and removes a data dir this helper made. */
  stop(): Promise<void>
  /** Kills it at once (SIGKILL, no shutdown at all); keeps the data dir. */
  kill(): Promise<void>
}

const ROOT = resolve(import.meta.dirname, '..', '..')

export interface StartOptions {
  readonly database?: string
  readonly orgFile?: string
  readonly dataDir?: string
  readonly env?: NodeJS.ProcessEnv
  /** Read bootstrap.json from this data dir (a second node on a store another node bootstrapped). */
  readonly bootstrapFrom?: string
  /** More `xaccess serve` arguments (`--https-port 0`). */
  readonly args?: readonly string[]
  /** Milliseconds to wait for the listening line. */
  readonly timeoutMs?: number
}

/** Starts the server from the sources (Node 24 strips the types), on a free port. */
export async function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'xaccess-test-'))
  const args = [join(ROOT, 'src/cli/run.ts'), 'serve', '--port', '0', '--data-dir', dataDir]
  if (options.database !== undefined) args.push('--database', options.database)
  if (options.orgFile !== undefined) args.push('--org', options.orgFile)
  if (options.args !== undefined) args.push(...options.args)
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time\nstdout:\n${out}\nstderr:\n${err}`)),
      options.timeoutMs ?? 120_000,
    )
    const check = () => {
      const m = /xaccess listening on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1]!)
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}\nstdout:\n${out}\nstderr:\n${err}`))
    })
  })
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill(name)
    await exited
  }
  const bootstrapDir = options.bootstrapFrom ?? dataDir
  const bootstrap = JSON.parse(
    readFileSync(join(bootstrapDir, 'bootstrap.json'), 'utf8'),
  ) as Bootstrap
  return {
    url,
    dataDir,
    bootstrap,
    output: () => out,
    errorOutput: () => err,
    pid: child.pid!,
    async stop() {
      await signal('SIGTERM')
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
    },
    kill: () => signal('SIGKILL'),
  }
}
