/**
 * The AWS credentials and region an admin command signs with, found as the AWS CLI finds them:
 * `--profile` first; else the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`); else the profile `AWS_PROFILE` (or `default`) of the shared files
 * (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`, then `AWS_CONFIG_FILE`, default
 * `~/.aws/config`). Only static keys are read: no SSO, no credential_process, no role chaining.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { IniDocument } from './ini-document.ts'

/** Credentials that sign a request. */
export interface SigningCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** Where the credentials came from, for messages. */
export interface ResolvedCredentials {
  readonly credentials: SigningCredentials
  readonly region: string
  readonly source: string
}

/** The region used when none is configured. */
export const DEFAULT_REGION = 'us-east-1'

/** Raised when no usable credentials are found; its message says what to do. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError'
}

/** `~/.aws/config`, or `AWS_CONFIG_FILE`. */
export const awsConfigPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.AWS_CONFIG_FILE ?? join(env.HOME ?? homedir(), '.aws', 'config')

/** `~/.aws/credentials`, or `AWS_SHARED_CREDENTIALS_FILE`. */
export const awsCredentialsPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.AWS_SHARED_CREDENTIALS_FILE ?? join(env.HOME ?? homedir(), '.aws', 'credentials')

const readText = (path: string): string => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/**
 * Resolves credentials and region; throws {@link CredentialsError} when there are none.
 * @example
 * const { credentials, region } = resolveCredentials({ profile: values.profile })
 */
export function resolveCredentials(
  options: { readonly profile?: string | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedCredentials {
  const envRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  if (options.profile === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      },
      region: envRegion ?? DEFAULT_REGION,
      source: 'the environment',
    }
  }
  const profile = options.profile ?? env.AWS_PROFILE ?? 'default'
  const shared = IniDocument.parse(readText(awsCredentialsPath(env))).values(profile)
  const config = IniDocument.parse(readText(awsConfigPath(env))).values(
    profile === 'default' ? 'default' : `profile ${profile}`,
  )
  const pick = (key: string) => shared.get(key) || config.get(key) || undefined
  const accessKeyId = pick('aws_access_key_id')
  const secretAccessKey = pick('aws_secret_access_key')
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const where =
      options.profile === undefined && env.AWS_PROFILE === undefined
        ? 'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
          `(eval "$(xaccess env)" prints them for the management account), or pass --profile`
        : `no AWS access key in profile '${profile}' (${awsCredentialsPath(env)} or ` +
          `${awsConfigPath(env)}): it needs aws_access_key_id and aws_secret_access_key`
    throw new CredentialsError(where)
  }
  const sessionToken = pick('aws_session_token')
  return {
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    region: envRegion ?? config.get('region') ?? DEFAULT_REGION,
    source: `profile '${profile}'`,
  }
}
