/**
 * What the S3 suites share: the real AWS CLI with text output (`aws s3 ls` prints no JSON), an
 * S3 SDK client, raw requests signed for S3 (or not) for what no client sends, and a suite that
 * runs on SQLite and PostgreSQL with time for 100 MiB uploads.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Sha256 } from '@aws-crypto/sha256-js'
import { S3Client } from '@aws-sdk/client-s3'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { AWS_CLI_PATH, type AwsCredentials } from '../support/aws-cli.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'

/** One CLI call's outcome, text as printed. */
export interface TextResult {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

const HOME = mkdtempSync(join(tmpdir(), 'xaccess-s3-cli-'))

/**
 * Runs `/usr/bin/aws --endpoint-url URL ARGS…` (no --endpoint-url when `endpoint` is empty, no
 * credentials when `creds` is undefined).
 */
export function awsText(
  endpoint: string,
  creds: AwsCredentials | undefined,
  args: readonly string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<TextResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME,
    LANG: 'C.UTF-8',
    AWS_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extraEnv,
  }
  if (creds !== undefined) {
    env.AWS_ACCESS_KEY_ID = creds.accessKeyId
    env.AWS_SECRET_ACCESS_KEY = creds.secretAccessKey
    if (creds.sessionToken !== undefined) env.AWS_SESSION_TOKEN = creds.sessionToken
  }
  return new Promise((resolve) => {
    execFile(
      AWS_CLI_PATH,
      [...(endpoint === '' ? [] : ['--endpoint-url', endpoint]), ...args],
      { env, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ status, stdout, stderr })
      },
    )
  })
}

/** Like awsText, but fails the test unless the call succeeded. */
export async function awsOk(
  endpoint: string,
  creds: AwsCredentials | undefined,
  args: readonly string[],
): Promise<TextResult> {
  const r = await awsText(endpoint, creds, args)
  assert.equal(r.status, 0, `aws ${args.join(' ')}:\n${r.stderr}${r.stdout}`)
  return r
}

/** The error code the CLI printed (`An error occurred (CODE)`), if any. */
export const cliErrorCode = (r: TextResult): string | undefined =>
  /An error occurred \(([^)]+)\)/.exec(r.stderr)?.[1]

/** An S3 client of the SDK v3, path-style, no retries. */
export function s3Client(endpoint: string, credentials: AwsCredentials): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
  })
}

/** A raw S3 request. */
export interface RawS3Request {
  readonly method: string
  /** Path with query, e.g. `/bucket/key?tagging`. */
  readonly path: string
  readonly headers?: Record<string, string>
  readonly body?: Buffer | string
  /** Sign with these (unsigned when absent). */
  readonly credentials?: AwsCredentials
  /** Sign with this secret instead. */
  readonly signingSecret?: string
  /** Sign this x-amz-content-sha256 (default: the body's hash). */
  readonly payloadHash?: string
}

/** Signs (when credentials are given) and sends a raw S3 request. */
export async function sendS3(
  endpoint: string,
  request: RawS3Request,
): Promise<{ status: number; text: string; headers: Headers }> {
  const url = new URL(endpoint)
  const [pathname, search = ''] = request.path.split('?')
  const query: Record<string, string> = {}
  for (const [k, v] of new URLSearchParams(search)) query[k] = v
  const headers: Record<string, string> = { host: url.host, ...(request.headers ?? {}) }
  const body = request.body ?? ''
  let sent = headers
  if (request.credentials !== undefined) {
    const signer = new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: true,
      credentials: {
        ...request.credentials,
        secretAccessKey: request.signingSecret ?? request.credentials.secretAccessKey,
      },
    })
    if (request.payloadHash !== undefined) headers['x-amz-content-sha256'] = request.payloadHash
    const signed = await signer.sign(
      new HttpRequest({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: pathname!,
        query,
        headers,
        body,
      }),
    )
    sent = { ...(signed.headers as Record<string, string>) }
  }
  delete sent.host
  const response = await fetch(`${url.origin}${request.path}`, {
    method: request.method,
    headers: sent,
    ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body }),
  })
  return { status: response.status, text: await response.text(), headers: response.headers }
}

const unreachable = await postgresUnreachable()

/** Declares `title` on SQLite and on PostgreSQL, each with its own server. */
export function s3Suite(
  title: string,
  body: (server: () => ServerProcess, database: 'sqlite' | 'postgres') => void,
  options: { orgFile?: string } = {},
): void {
  for (const database of ['sqlite', 'postgres'] as const) {
    if (database === 'postgres' && unreachable !== undefined) {
      if (process.env.CI === 'true')
        it(`${title} on postgres: PostgreSQL reachable`, () =>
          assert.fail(`PostgreSQL not reachable at ${redactedPostgresUrl}: ${unreachable}`))
      else it(`${title} on postgres`, { skip: `PostgreSQL not reachable (${unreachable})` })
      continue
    }
    describe(`${title} on ${database}`, { timeout: 600_000 }, () => {
      let server: ServerProcess | undefined
      let drop: (() => Promise<void>) | undefined
      before(async () => {
        let url: string | undefined
        if (database === 'postgres') {
          const created = await createPostgresDatabase('xaccess_s3')
          url = created.url
          drop = created.drop
        }
        server = await startServerProcess({
          ...(url === undefined ? {} : { database: url }),
          ...(options.orgFile === undefined ? {} : { orgFile: options.orgFile }),
          timeoutMs: 120_000,
        })
      })
      after(async () => {
        await server?.stop()
        await drop?.()
      })
      body(() => {
        assert.ok(server, 'the server is not running')
        return server
      }, database)
    })
  }
}
