/**
 * The Identity Center setup of the browser tests, on the SecureCart organization: a user with
 * AdministratorAccess in Dev and S3ReadOnly (AmazonS3ReadOnlyAccess) in Prod, and a password set
 * with `xaccess sso set-password` (as an administrator would).
 */
import assert from 'node:assert/strict'
import type { SecureCart } from '../e2e/securecart-world.ts'
import { xaccessOk } from '../support/xaccess-cli.ts'

/** The portal user of the browser tests. */
export interface PortalUser {
  readonly userName: string
  readonly password: string
  readonly userId: string
}

/** Creates the user, the permission sets the organization file lacks, the assignments; sets the password. */
export async function setUpPortalUser(world: SecureCart, userName: string): Promise<PortalUser> {
  const sso = (args: readonly string[]) => world.cli.ok(world.admin, ['sso-admin', ...args])
  const instance = (await sso(['list-instances'])).json.Instances[0]
  const instanceArn = instance.InstanceArn as string
  const storeId = instance.IdentityStoreId as string
  const userId = (
    await world.cli.ok(world.admin, [
      ...['identitystore', 'create-user', '--identity-store-id', storeId],
      ...['--user-name', userName, '--display-name', 'Carol Browser'],
      ...['--name', 'GivenName=Carol,FamilyName=Browser'],
    ])
  ).json.UserId as string
  // examples/securecart/org.yaml declares AdministratorAccess: use it, create what is not there.
  const sets: Record<string, string> = {}
  for (const arn of (await sso(['list-permission-sets', '--instance-arn', instanceArn])).json
    .PermissionSets as string[]) {
    const described = await sso([
      ...['describe-permission-set', '--instance-arn', instanceArn, '--permission-set-arn', arn],
    ])
    sets[described.json.PermissionSet.Name as string] = arn
  }
  for (const [name, policy] of [
    ['AdministratorAccess', 'AdministratorAccess'],
    ['S3ReadOnly', 'AmazonS3ReadOnlyAccess'],
  ] as const) {
    if (sets[name] !== undefined) continue
    const created = await sso([
      'create-permission-set',
      '--instance-arn',
      instanceArn,
      '--name',
      name,
    ])
    sets[name] = created.json.PermissionSet.PermissionSetArn as string
    await sso([
      ...['attach-managed-policy-to-permission-set', '--instance-arn', instanceArn],
      ...[
        '--permission-set-arn',
        sets[name]!,
        '--managed-policy-arn',
        `arn:aws:iam::aws:policy/${policy}`,
      ],
    ])
  }
  for (const [account, set] of [
    [world.accounts.Dev, 'AdministratorAccess'],
    [world.accounts.Prod, 'S3ReadOnly'],
  ] as const) {
    const started = await sso([
      ...['create-account-assignment', '--instance-arn', instanceArn, '--target-id', account],
      ...['--target-type', 'AWS_ACCOUNT', '--permission-set-arn', sets[set]!],
      ...['--principal-type', 'USER', '--principal-id', userId],
    ])
    const requestId = started.json.AccountAssignmentCreationStatus.RequestId as string
    for (let i = 0; ; i++) {
      const s = await sso([
        ...['describe-account-assignment-creation-status', '--instance-arn', instanceArn],
        ...['--account-assignment-creation-request-id', requestId],
      ])
      const status = s.json.AccountAssignmentCreationStatus.Status as string
      assert.notEqual(status, 'FAILED', JSON.stringify(s.json))
      if (status === 'SUCCEEDED') break
      assert.ok(i < 50, 'the assignment was not provisioned in time')
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const password = 'Browser-test password 7!'
  await xaccessOk(
    ['sso', 'set-password', '--user-name', userName, '--endpoint-url', world.server.url],
    {
      env: {
        AWS_ACCESS_KEY_ID: world.admin.accessKeyId,
        AWS_SECRET_ACCESS_KEY: world.admin.secretAccessKey,
      },
      input: `${password}\n`,
    },
  )
  return { userName, password, userId }
}
