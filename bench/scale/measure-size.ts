/**
 * Everything the scale benchmark measures at one size, through the HTTP API with the real SDK v3
 * (SigV4; the SSO portal API with the heavy user's bearer token): every listing page by page,
 * ListAccountRoles and GetRoleCredentials, GetCallerIdentity alone and during the largest
 * listings (from another thread), AssumeRole throughput with 16 in flight.
 */
import { readFileSync } from 'node:fs'
import { GetAccountAuthorizationDetailsCommand, ListRolesCommand } from '@aws-sdk/client-iam'
import {
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore'
import { ListAccountsCommand as ListOrgAccountsCommand } from '@aws-sdk/client-organizations'
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand as ListPortalAccountsCommand,
} from '@aws-sdk/client-sso'
import {
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
} from '@aws-sdk/client-sso-admin'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { copiedAccountId } from './bulk-seed.ts'
import { callerIdentityProbe, everyPage, repeated, throughput, type Sample } from './latency.ts'
import { scaleClients, type ScaleClients } from './scale-clients.ts'
import type { TemplateOrganization } from './template-organization.ts'

/** Samples by measure name, in print order. */
export type SizeResults = Map<string, Sample & { perSecond?: number; cpuMs?: number }>

/** Options of one size's measures. */
export interface MeasureOptions {
  readonly url: string
  /** The server's process id (its CPU time is read from /proc). */
  readonly pid: number
  readonly t: TemplateOrganization
  /** Member accounts (the template and its copies). */
  readonly accounts: number
  /** Calls per repeated measure. */
  readonly calls: number
  /** Seconds of AssumeRole load. */
  readonly seconds: number
  readonly log: (line: string) => void
}

async function hubSession(
  admin: ScaleClients,
  url: string,
  accountId: string,
): Promise<ScaleClients> {
  const { Credentials: c } = await admin.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'bench-measure',
    }),
  )
  return scaleClients(url, {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  })
}

/**
 * The SSO portal API limits each access token to 20 calls a second (burst 40, rate-limiter.ts):
 * its calls are paced this far apart, untimed.
 */
const PORTAL_GAP_MS = 55

/** CPU time (user + system) a process used so far, ms (Linux /proc, ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}

/** The n-th member account (0: the template). */
const memberAccount = (t: TemplateOrganization, n: number) =>
  n === 0 ? t.templateAccountId : copiedAccountId(n)

/** Runs every measure at the current size. */
export async function measureSize(o: MeasureOptions): Promise<SizeResults> {
  const { url, t } = o
  const results: SizeResults = new Map()
  const admin = scaleClients(url, t.admin)
  const hub = await hubSession(admin, url, t.hubAccountId)
  const member = await hubSession(admin, url, t.templateAccountId)
  const { sso } = admin
  const token = t.heavyAccessToken
  const ps0 = t.permissionSetArns[0]!
  const step = async (name: string, run: () => Promise<Sample>) => {
    o.log(`  ${name}`)
    const before = cpuMs(o.pid)
    const sample = await run()
    results.set(name, { ...sample, cpuMs: (cpuMs(o.pid) - before) / sample.latencies.length })
  }

  const listings: [string, () => Promise<Sample>][] = [
    [
      'Organizations ListAccounts',
      () =>
        everyPage(async (NextToken) => {
          const r = await admin.org.send(new ListOrgAccountsCommand({ NextToken, MaxResults: 20 }))
          return { items: r.Accounts!.length, next: r.NextToken }
        }),
    ],
    [
      'IAM ListRoles (hub account)',
      () =>
        everyPage(async (Marker) => {
          const r = await hub.iam.send(new ListRolesCommand({ Marker, MaxItems: 100 }))
          return { items: r.Roles!.length, next: r.IsTruncated ? r.Marker : undefined }
        }),
    ],
    [
      'IAM GetAccountAuthorizationDetails (hub)',
      () =>
        everyPage(async (Marker) => {
          const r = await hub.iam.send(
            new GetAccountAuthorizationDetailsCommand({ Marker, MaxItems: 100 }),
          )
          const items =
            (r.RoleDetailList?.length ?? 0) +
            (r.Policies?.length ?? 0) +
            (r.UserDetailList?.length ?? 0)
          return { items, next: r.IsTruncated ? r.Marker : undefined }
        }),
    ],
    [
      'IAM GetAccountAuthorizationDetails (member)',
      () =>
        everyPage(async (Marker) => {
          const r = await member.iam.send(
            new GetAccountAuthorizationDetailsCommand({ Marker, MaxItems: 100 }),
          )
          return {
            items: r.RoleDetailList?.length ?? 0,
            next: r.IsTruncated ? r.Marker : undefined,
          }
        }),
    ],
    [
      'sso-admin ListAccountAssignments',
      () =>
        everyPage(async (NextToken) => {
          const r = await admin.ssoAdmin.send(
            new ListAccountAssignmentsCommand({
              InstanceArn: t.instanceArn,
              AccountId: t.templateAccountId,
              PermissionSetArn: ps0,
              NextToken,
              MaxResults: 100,
            }),
          )
          return { items: r.AccountAssignments!.length, next: r.NextToken }
        }),
    ],
    [
      'sso-admin ListAccountAssignmentsForPrincipal',
      () =>
        everyPage(async (NextToken) => {
          const r = await admin.ssoAdmin.send(
            new ListAccountAssignmentsForPrincipalCommand({
              InstanceArn: t.instanceArn,
              PrincipalType: 'USER',
              PrincipalId: t.heavyUserId,
              NextToken,
              MaxResults: 100,
            }),
          )
          return { items: r.AccountAssignments!.length, next: r.NextToken }
        }),
    ],
    [
      'sso-admin ListAccountsForProvisionedPermissionSet',
      () =>
        everyPage(async (NextToken) => {
          const r = await admin.ssoAdmin.send(
            new ListAccountsForProvisionedPermissionSetCommand({
              InstanceArn: t.instanceArn,
              PermissionSetArn: ps0,
              NextToken,
              MaxResults: 100,
            }),
          )
          return { items: r.AccountIds!.length, next: r.NextToken }
        }),
    ],
    [
      'identitystore ListUsers',
      () =>
        everyPage(async (NextToken) => {
          const r = await admin.ids.send(
            new ListUsersCommand({
              IdentityStoreId: t.identityStoreId,
              NextToken,
              MaxResults: 100,
            }),
          )
          return { items: r.Users!.length, next: r.NextToken }
        }),
    ],
    [
      'identitystore ListGroups',
      () =>
        everyPage(async (NextToken) => {
          const r = await admin.ids.send(
            new ListGroupsCommand({
              IdentityStoreId: t.identityStoreId,
              NextToken,
              MaxResults: 100,
            }),
          )
          return { items: r.Groups!.length, next: r.NextToken }
        }),
    ],
    [
      'identitystore ListGroupMemberships',
      () =>
        everyPage(async (NextToken) => {
          const r = await admin.ids.send(
            new ListGroupMembershipsCommand({
              IdentityStoreId: t.identityStoreId,
              GroupId: t.teamGroupIds[0]!,
              NextToken,
              MaxResults: 100,
            }),
          )
          return { items: r.GroupMemberships!.length, next: r.NextToken }
        }),
    ],
    [
      'SSO portal ListAccounts (heavy user)',
      () =>
        everyPage(async (nextToken) => {
          const r = await sso.send(
            new ListPortalAccountsCommand({ accessToken: token, nextToken, maxResults: 100 }),
          )
          return { items: r.accountList!.length, next: r.nextToken }
        }, PORTAL_GAP_MS),
    ],
  ]
  for (const [name, run] of listings) await step(name, run)

  // Spread over the whole organization, so no single account's cache answers every call.
  const spread = (i: number) => memberAccount(t, Math.floor((i * 7919) % o.accounts))
  await step('SSO portal ListAccountRoles', () =>
    repeated(
      o.calls,
      (i) => sso.send(new ListAccountRolesCommand({ accessToken: token, accountId: spread(i) })),
      PORTAL_GAP_MS,
    ),
  )
  await step('SSO portal GetRoleCredentials', () =>
    repeated(
      o.calls,
      (i) =>
        sso.send(
          new GetRoleCredentialsCommand({
            accessToken: token,
            accountId: spread(i),
            roleName: 'ReadOnly',
          }),
        ),
      PORTAL_GAP_MS,
    ),
  )

  o.log('  GetCallerIdentity alone')
  results.set(
    'GetCallerIdentity alone',
    await callerIdentityProbe(url, t.admin, { count: o.calls }),
  )
  o.log('  GetCallerIdentity during the largest listings')
  const largest = listings.filter(([name]) =>
    /ListAccountAssignmentsForPrincipal|GetAccountAuthorizationDetails \(hub\)|SSO portal ListAccounts/.test(
      name,
    ),
  )
  results.set(
    'GetCallerIdentity during the largest listings',
    await callerIdentityProbe(url, t.admin, {
      count: 1_000_000,
      during: async () => {
        for (const [, run] of largest) await run()
      },
    }),
  )

  o.log('  AssumeRole, 16 in flight')
  const caller = scaleClients(url, t.caller)
  const assume = (i: number) =>
    caller.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${spread(i)}:role/ci-deploy`,
        RoleSessionName: `bench-${i % 1000}`,
      }),
    )
  await throughput(16, 500, assume) // warm-up
  const before = cpuMs(o.pid)
  const assumed = await throughput(16, o.seconds * 1000, assume)
  results.set('AssumeRole, 16 in flight', {
    ...assumed,
    cpuMs: (cpuMs(o.pid) - before) / assumed.latencies.length,
  })
  caller.destroy()
  hub.destroy()
  member.destroy()
  admin.destroy()
  return results
}
