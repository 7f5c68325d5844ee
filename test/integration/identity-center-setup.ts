/**
 * The organization the Identity Center integration tests need: the management root's clients, a
 * member account, and an administrator session in that account (an admin IAM user of the
 * management account assumes OrganizationAccountAccessRole, since the root may not assume roles).
 */
import assert from 'node:assert/strict'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import type { ServerProcess } from '../support/server-process.ts'
import { clientsFor, createMemberAccount, type Clients } from './aws-clients.ts'

/** What {@link memberAccountSetup} creates. */
export interface MemberAccountSetup {
  readonly root: Clients
  readonly management: string
  readonly member: string
  /** An OrganizationAccountAccessRole session in the member account. */
  readonly memberAdmin: Clients
}

/** Creates a member account and an administrator session in it. */
export async function memberAccountSetup(server: ServerProcess): Promise<MemberAccountSetup> {
  const endpoint = server.url
  const root = clientsFor(endpoint, server.bootstrap)
  const member = await createMemberAccount(root.org, 'Dev', 'dev@example.com')
  await root.iam.send(new CreateUserCommand({ UserName: 'sso-admin' }))
  await root.iam.send(
    new AttachUserPolicyCommand({
      UserName: 'sso-admin',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    }),
  )
  const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'sso-admin' }))
  const admin = clientsFor(endpoint, {
    accessKeyId: AccessKey!.AccessKeyId!,
    secretAccessKey: AccessKey!.SecretAccessKey!,
  })
  const { Credentials: c } = await admin.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'identity-center-test',
    }),
  )
  const memberAdmin = clientsFor(endpoint, {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  })
  return { root, management: server.bootstrap.accountId, member, memberAdmin }
}

/**
 * Every item of a paged list: `fetch(token)` answers one page and the next token. Fails on a
 * token that repeats (a loop). Answers the items and the number of pages.
 */
export async function pages<T>(
  fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = []
  const seen = new Set<string>()
  let token: string | undefined
  let count = 0
  do {
    const page = await fetch(token)
    items.push(...page.items)
    count++
    token = page.next
    if (token !== undefined) {
      assert.ok(!seen.has(token), `NextToken ${token} repeats`)
      seen.add(token)
    }
  } while (token !== undefined)
  return { items, pages: count }
}
