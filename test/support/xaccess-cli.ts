/**
 * Runs the `xaccess` command from the sources (Node 24 strips the types) in a child process with
 * exactly the environment given: tests pass HOME, AWS credentials and nothing else of theirs.
 */
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'

const RUN = join(resolve(import.meta.dirname, '..', '..'), 'src', 'cli', 'run.ts')

/** What one `xaccess` run did. */
export interface XaccessResult {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Options of one run. */
export interface XaccessRunOptions {
  /** The whole environment of the child, on top of PATH and LANG. */
  readonly env?: NodeJS.ProcessEnv
  /** Written to its stdin, which is then closed. */
  readonly input?: string
  /** Milliseconds before the run is killed (default 60 000). */
  readonly timeoutMs?: number
}

/**
 * Runs `xaccess ARGS…`.
 * @example
 * const r = await runXaccess(['aws-config', '--endpoint-url', url], { env: { HOME: home } })
 */
export function runXaccess(
  args: readonly string[],
  options: XaccessRunOptions = {},
): Promise<XaccessResult> {
  const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', ...options.env }
  return new Promise((resolveRun) => {
    const child = execFile(
      process.execPath,
      [RUN, ...args],
      { env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolveRun({ status, stdout, stderr })
      },
    )
    child.stdin?.end(options.input ?? '')
  })
}

/** Like `runXaccess`, but throws with the output unless it exited 0. */
export async function xaccessOk(
  args: readonly string[],
  options: XaccessRunOptions = {},
): Promise<XaccessResult> {
  const r = await runXaccess(args, options)
  if (r.status !== 0) {
    throw new Error(`xaccess ${args.join(' ')} exited with ${r.status}:\n${r.stderr}${r.stdout}`)
  }
  return r
}
