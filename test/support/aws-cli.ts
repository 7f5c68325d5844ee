/**
 * Runs the real AWS CLI v2 (`/usr/bin/aws`, Debian's awscli 2.9) against a test server, each call
 * in a clean environment: HOME is a fresh temporary directory (no ~/.aws leaks in), credentials
 * and region come only from the arguments, no pager, JSON output, `--endpoint-url` per command.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where Debian's awscli package installs AWS CLI v2 (the `aws` on PATH may be an old v1). */
export const AWS_CLI_PATH = '/usr/bin/aws'

/** Credentials the CLI signs with: a long-term key, or temporary ones with their token. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** An AWS error as the CLI prints it: `An error occurred (CODE) when calling the OP operation: …`. */
export interface CliError {
  readonly code: string
  readonly operation: string
  readonly message: string
}

/** What one CLI call did. */
export interface CliResult {
  /** The exit status: 0 success, 254 an AWS error, 252 a parameter the CLI itself refused. */
  readonly status: number
  readonly stdout: string
  readonly stderr: string
  /** stdout parsed as JSON when there is any. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any
  /** The AWS error the CLI reported, if any. */
  readonly error: CliError | undefined
}

/** Options of one call. */
export interface CallOptions {
  /** AWS_REGION of the call (default eu-west-1). */
  readonly region?: string
}

const ERROR_LINE =
  /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \([^)]*\))?: (.*)/s

/**
 * Why the AWS CLI tests cannot run here, or undefined when they can. Under `CI=true` a missing
 * CLI is an error, not a reason to skip: CI installs it.
 */
export function awsCliSkipReason(
  env: NodeJS.ProcessEnv = process.env,
  cliPath: string = AWS_CLI_PATH,
): string | undefined {
  try {
    accessSync(cliPath, constants.X_OK)
    return undefined
  } catch {
    const reason = `${cliPath} (AWS CLI v2, Debian package awscli) is not installed`
    if (env.CI === 'true') throw new Error(`${reason}, and CI=true requires it`)
    return reason
  }
}

/**
 * The AWS CLI pointed at one endpoint.
 * @example
 * const cli = new AwsCli(server.url)
 * const r = await cli.run(rootKeys, ['sts', 'get-caller-identity'])
 * r.json.Arn // 'arn:aws:iam::123456789012:root'
 */
/** One CLI call's limit: generous, since each call starts a Python interpreter on shared cores. */
const CLI_TIMEOUT_MS = 90_000

/**
 * At most two CLI processes at once (this machine has two cores): tests may issue calls with
 * Promise.all, and four Python interpreters starting together on a loaded machine once pushed a
 * call past its limit in CI.
 */
const cliSlots = (() => {
  let running = 0
  const waiting: (() => void)[] = []
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve))
      running++
      try {
        return await task()
      } finally {
        running--
        waiting.shift()?.()
      }
    },
  }
})()

export class AwsCli {
  private readonly endpoint: string
  private readonly home: string

  constructor(endpoint: string) {
    this.endpoint = endpoint
    this.home = mkdtempSync(join(tmpdir(), 'xaccess-aws-home-'))
  }

  /** Runs `aws --endpoint-url URL --output json ARGS…` signed with `credentials`. */
  run(
    credentials: AwsCredentials,
    args: readonly string[],
    options: CallOptions = {},
  ): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/bin:/bin',
      HOME: this.home,
      LANG: 'C.UTF-8',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: options.region ?? 'eu-west-1',
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
    }
    if (credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = credentials.sessionToken
    const argv = ['--endpoint-url', this.endpoint, '--output', 'json', ...args]
    return cliSlots.run(
      () =>
        new Promise<CliResult>((resolve, reject) => {
          execFile(
            AWS_CLI_PATH,
            argv,
            // get-account-authorization-details prints megabytes (AWS-managed policies).
            { env, timeout: CLI_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 },
            (error, stdout, stderr) => {
              const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
              const m = ERROR_LINE.exec(stderr)
              // A throw here would leave the promise unsettled and the test hanging: reject.
              let json: unknown
              try {
                json = stdout.trim() === '' ? undefined : JSON.parse(stdout)
              } catch (e) {
                reject(
                  new Error(
                    `aws ${args.join(' ')} printed no JSON: ${String(e)}\n${stdout.slice(0, 500)}`,
                  ),
                )
                return
              }
              resolve({
                status,
                stdout,
                stderr,
                json,
                error:
                  m === null ? undefined : { code: m[1]!, operation: m[2]!, message: m[3]!.trim() },
              })
            },
          )
        }),
    )
  }

  /** Like `run`, but throws with the CLI's output unless the call succeeded. */
  async ok(
    credentials: AwsCredentials,
    args: readonly string[],
    options: CallOptions = {},
  ): Promise<CliResult> {
    const r = await this.run(credentials, args, options)
    if (r.status !== 0) {
      throw new Error(`aws ${args.join(' ')} exited with ${r.status}:\n${r.stderr}${r.stdout}`)
    }
    return r
  }

  /**
   * The temporary HOME the CLI runs with: a test may put service models under `.aws/models`
   * (the CLI reads them before its own, e.g. for operations newer than this CLI).
   */
  get homeDirectory(): string {
    return this.home
  }

  /** Removes the temporary HOME. */
  close(): void {
    rmSync(this.home, { recursive: true, force: true })
  }
}

/** The credentials in an STS `Credentials` member or an IAM `AccessKey` member. */
export function credentialsFrom(member: {
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken?: string
}): AwsCredentials {
  return {
    accessKeyId: member.AccessKeyId,
    secretAccessKey: member.SecretAccessKey,
    ...(member.SessionToken === undefined ? {} : { sessionToken: member.SessionToken }),
  }
}
