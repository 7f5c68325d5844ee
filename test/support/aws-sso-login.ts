/**
 * Runs `aws sso login --no-browser` (the real AWS CLI v2) in the background: the user code it
 * prints is handed to the test, which approves it (through the portal API), then the login's end.
 * The environment is exactly the one given (a test's HOME with its ~/.aws), plus PATH and LANG.
 */
import { spawn } from 'node:child_process'
import { AWS_CLI_PATH } from './aws-cli.ts'

/** A running login. */
export interface SsoLogin {
  /** The user code, once the CLI printed it. */
  readonly userCode: Promise<string>
  /** The verification URL it printed. */
  readonly verificationUri: Promise<string>
  /** The CLI's exit status and output, once it ended. */
  readonly done: Promise<{ status: number; stdout: string; stderr: string }>
  /** Stops the CLI if it still runs. */
  stop(): void
}

const USER_CODE = /Then enter the code:\s+(\S+)/
const URL_LINE = /Please visit the following URL:\s+(\S+)/

/**
 * Starts `aws sso login --no-browser --profile PROFILE`.
 * @example
 * const login = startSsoLogin({ HOME: home }, 'xa-Dev-AdministratorAccess')
 * await portal.approveDevice(await login.userCode)
 * assert.equal((await login.done).status, 0)
 */
export function startSsoLogin(
  env: NodeJS.ProcessEnv,
  profile: string,
  timeoutMs = 60_000,
): SsoLogin {
  const child = spawn(AWS_CLI_PATH, ['sso', 'login', '--no-browser', '--profile', profile], {
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', AWS_PAGER: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
  const done = new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ status: code ?? (signal === null ? -1 : 128), stdout, stderr })
    })
  })
  const printed = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = re.exec(stdout)
        if (m) resolve(m[1]!)
      }
      child.stdout.on('data', check)
      void done.then(() => {
        check()
        reject(new Error(`aws sso login ended before printing ${re}:\n${stdout}\n${stderr}`))
      })
    })
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const userCode = printed(USER_CODE)
  const verificationUri = printed(URL_LINE)
  // Nobody may await one of these if the test fails early: no unhandled rejection then.
  userCode.catch(() => {})
  verificationUri.catch(() => {})
  return {
    userCode,
    verificationUri,
    done,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    },
  }
}
