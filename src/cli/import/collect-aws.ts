/**
 * `xaccess import aws --collect`: makes the calls of an import directory itself with the AWS SDK
 * v3 and writes each result as `aws … --output json` prints it (every page merged, the pagination
 * tokens dropped, IAM's URL-encoded policy documents decoded into objects, timestamps as the CLI
 * prints them). From the management account: the Organizations listings; then, per active
 * account, `GetAccountAuthorizationDetails` through a role assumed in it (the management account
 * itself with the caller's own credentials), and Identity Center's sso-admin and identitystore
 * listings (collect-identity-center.ts). An account whose role cannot be assumed is reported and
 * skipped; the rest is still collected.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { IAMClient, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam'
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { IMPORT_LAYOUT, IMPORT_POLICY_TYPES } from '../../domain/snapshots/index.ts'
import { collectIdentityCenter } from './collect-identity-center.ts'

/** What to collect and where from. */
export interface CollectOptions {
  /** The import directory to write. */
  readonly dir: string
  /** A profile of the shared AWS files; else the SDK's default credential chain. */
  readonly profile?: string | undefined
  /** Every call goes there (an xaccess server); else AWS's endpoints. */
  readonly endpointUrl?: string | undefined
  readonly region?: string | undefined
  /** The role assumed in each member account (default OrganizationAccountAccessRole). */
  readonly roleName: string
  /** One line per step, for people. */
  readonly progress: (line: string) => void
}

/** What was collected. */
export interface CollectResult {
  readonly accounts: readonly string[]
  /** Parts that could not be collected, each with the reason. */
  readonly failures: readonly string[]
}

interface ClientConfig {
  region: string
  endpoint?: string
  profile?: string
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/

/** A timestamp as the CLI prints it: `2026-01-05T09:30:00+00:00`, microseconds when any. */
const cliDate = (d: Date): string => {
  const iso = d.toISOString()
  const ms = iso.slice(20, 23)
  return `${iso.slice(0, 19)}${ms === '000' ? '' : `.${ms}000`}+00:00`
}

const DOCUMENT_KEYS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument', 'Document'])

/**
 * An SDK output as the CLI prints it: no `$metadata`, dates as text, IAM's URL-encoded documents
 * as objects.
 */
export function asCliPrints(value: unknown, key = ''): unknown {
  if (value instanceof Date) return cliDate(value)
  if (Array.isArray(value)) return value.map((v) => asCliPrints(v))
  if (typeof value === 'string' && DOCUMENT_KEYS.has(key) && !ISO.test(value)) {
    try {
      return JSON.parse(decodeURIComponent(value)) as unknown
    } catch {
      return value
    }
  }
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === '$metadata' || v === undefined) continue
    out[k] = asCliPrints(v, k)
  }
  return out
}

/** Concatenates the list members of every page, as the CLI's pagination does. */
async function merged<P extends object>(
  pages: AsyncIterable<P>,
  keys: readonly (keyof P & string)[],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = Object.fromEntries(keys.map((k) => [k, []]))
  for await (const page of pages) {
    for (const k of keys) out[k]!.push(...((page[k] as unknown[] | undefined) ?? []))
  }
  return out
}

const reason = (e: unknown): string => {
  const err = e as { name?: string; message?: string }
  return err.name !== undefined && err.name !== 'Error'
    ? `${err.name}: ${err.message ?? ''}`
    : String(err.message ?? e)
}

/** Collects an import directory; see the file's comment. */
export async function collectAwsImport(options: CollectOptions): Promise<CollectResult> {
  const base: ClientConfig = {
    region: options.region ?? 'us-east-1',
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  }
  const write = (rel: string, value: unknown) => {
    const file = join(options.dir, rel)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(asCliPrints(value), null, 4) + '\n')
  }
  const failures: string[] = []
  const sts = new STSClient(base)
  const org = new OrganizationsClient(base)
  const caller = await sts.send(new GetCallerIdentityCommand({}))
  const self = caller.Account!
  options.progress(`signed in as ${caller.Arn} (account ${self})`)
  const accounts: string[] = []
  let inOrganization = true
  try {
    const described = await org.send(new DescribeOrganizationCommand({}))
    write(IMPORT_LAYOUT.describeOrganization, described)
    options.progress(`organization ${described.Organization?.Id}`)
  } catch (e) {
    if ((e as { name?: string }).name !== 'AWSOrganizationsNotInUseException') throw e
    inOrganization = false
    options.progress(`account ${self} is in no organization: collecting it alone`)
  }
  if (inOrganization) {
    const roots = await merged(paginateListRoots({ client: org }, {}), ['Roots'])
    write(IMPORT_LAYOUT.listRoots, roots)
    const parents = (roots.Roots as { Id: string }[]).map((r) => r.Id)
    for (let i = 0; i < parents.length; i++) {
      const parent = parents[i]!
      const ous = await merged(
        paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent }),
        ['OrganizationalUnits'],
      )
      write(IMPORT_LAYOUT.ousForParent(parent), ous)
      parents.push(...(ous.OrganizationalUnits as { Id: string }[]).map((o) => o.Id))
      const listed = await merged(
        paginateListAccountsForParent({ client: org }, { ParentId: parent }),
        ['Accounts'],
      )
      write(IMPORT_LAYOUT.accountsForParent(parent), listed)
      for (const a of listed.Accounts as { Id: string; Status?: string; State?: string }[]) {
        if ((a.Status ?? 'ACTIVE') === 'ACTIVE') accounts.push(a.Id)
      }
      options.progress(
        `${parent}: ${ous.OrganizationalUnits!.length} OU(s), ${listed.Accounts!.length} account(s)`,
      )
    }
    for (const type of IMPORT_POLICY_TYPES) {
      let policies: Record<string, unknown[]>
      try {
        policies = await merged(paginateListPolicies({ client: org }, { Filter: type }), [
          'Policies',
        ])
      } catch (e) {
        failures.push(`list-policies ${type}: ${reason(e)}`)
        options.progress(`${type}: not collected (${reason(e)})`)
        continue
      }
      write(IMPORT_LAYOUT.listPolicies(type), policies)
      for (const { Id } of policies.Policies as { Id: string }[]) {
        write(
          IMPORT_LAYOUT.describePolicy(Id),
          await org.send(new DescribePolicyCommand({ PolicyId: Id })),
        )
        write(
          IMPORT_LAYOUT.targetsForPolicy(Id),
          await merged(paginateListTargetsForPolicy({ client: org }, { PolicyId: Id }), [
            'Targets',
          ]),
        )
      }
      options.progress(`${type}: ${policies.Policies!.length} policy(ies)`)
    }
    try {
      await collectIdentityCenter({
        config: { ...base },
        write,
        merged,
        accounts,
        progress: options.progress,
      })
    } catch (e) {
      failures.push(`Identity Center: ${reason(e)}`)
      options.progress(`Identity Center: not collected (${reason(e)})`)
    }
  } else accounts.push(self)
  const collected: string[] = []
  for (const [i, id] of accounts.entries()) {
    const step = `account ${id} (${i + 1}/${accounts.length})`
    try {
      let config: ClientConfig = base
      if (id !== self) {
        const roleArn = `arn:aws:iam::${id}:role/${options.roleName}`
        const assumed = await sts.send(
          new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'xaccess-import' }),
        )
        const c = assumed.Credentials!
        const { profile: _profile, ...rest } = base
        config = {
          ...rest,
          credentials: {
            accessKeyId: c.AccessKeyId!,
            secretAccessKey: c.SecretAccessKey!,
            sessionToken: c.SessionToken!,
          },
        }
      }
      const iam = new IAMClient(config)
      const details = await merged(paginateGetAccountAuthorizationDetails({ client: iam }, {}), [
        'UserDetailList',
        'GroupDetailList',
        'RoleDetailList',
        'Policies',
      ])
      write(IMPORT_LAYOUT.authorizationDetails(id), details)
      collected.push(id)
      options.progress(
        `${step}: ${details.UserDetailList!.length} user(s), ${details.GroupDetailList!.length} group(s), ${details.RoleDetailList!.length} role(s), ${details.Policies!.length} managed policy(ies)`,
      )
    } catch (e) {
      failures.push(`account ${id}: ${reason(e)}`)
      options.progress(`${step}: not collected (${reason(e)})`)
    }
  }
  return { accounts: collected, failures }
}
