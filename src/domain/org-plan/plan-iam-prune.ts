/**
 * With prune: the IAM users, groups, roles and customer managed policies of an account the file
 * names that the file no longer names are deleted, with what holds them (inline policies,
 * attachments, memberships, instance profiles, a user's login profile, access keys and MFA
 * devices). Never deleted: OrganizationAccountAccessRole, roles AWS services or Identity Center
 * own, and the principal making the calls.
 */
import { errorCode, listIam, type CallAs } from '../org-file/org-file-client.ts'
import { oidcProviderIdentity, type AccountSpec } from '../org-file/index.ts'
import { documentText } from '../org-file/policy-text.ts'
import { HOLDER, iam, type Holder } from './change-steps.ts'
import type { ChangeTransaction, FieldChange, ResourceChange } from './plan-model.ts'
import {
  ACCOUNT_ACCESS_ROLE,
  isReservedRolePath,
  type InlinePolicies,
  type RunningIam,
} from './running-organization.ts'

/** The principal making the calls, which prune never deletes: `user` or `role` and its name. */
export interface CallerPrincipal {
  readonly accountId: string
  readonly kind: 'user' | 'role'
  readonly name: string
}

/** Reads `arn:aws:iam::A:user/p/NAME` or `arn:aws:sts::A:assumed-role/NAME/S`. */
export function callerPrincipal(arn: string | undefined): CallerPrincipal | undefined {
  const m = /^arn:aws:(?:iam|sts)::(\d{12}):(user|assumed-role)\/(.+)$/.exec(arn ?? '')
  if (m === null) return undefined
  const rest = m[3]!.split('/')
  return m[2] === 'user'
    ? { accountId: m[1]!, kind: 'user', name: rest[rest.length - 1]! }
    : { accountId: m[1]!, kind: 'role', name: rest[0]! }
}

/** The deletions in one account. */
export function planIamPrune(
  spec: AccountSpec,
  accountId: string,
  as: CallAs,
  running: RunningIam,
  caller: CallerPrincipal | undefined,
): ResourceChange[] {
  const out: ResourceChange[] = []
  const named = (list: readonly { name: string }[]) =>
    new Set(list.map((x) => x.name.toLowerCase()))
  const isCaller = (kind: 'user' | 'role', name: string) =>
    caller?.accountId === accountId && caller.kind === kind && caller.name === name
  const del = (
    kind: 'user' | 'group' | 'role' | 'policy' | 'oidcProvider',
    name: string,
    phase: number,
    fields: FieldChange[],
    run: (tx: ChangeTransaction) => Promise<void>,
  ) => out.push({ action: 'delete', kind, account: spec.name, name, fields, phase, run })
  const users = named(spec.users)
  for (const [key, user] of running.users) {
    if (users.has(key) || isCaller('user', user.name)) continue
    del('user', user.name, 4, [], async (tx) => {
      for (const group of user.groups)
        await tx.call(
          iam('RemoveUserFromGroup', { GroupName: group, UserName: user.name }, as),
          () => [iam('AddUserToGroup', { GroupName: group, UserName: user.name }, as)],
        )
      await removePolicies(tx, 'user', user.name, as, user.inline, user.attached)
      await ignoreMissing(tx.call(iam('DeleteLoginProfile', { UserName: user.name }, as)))
      const keys = await listIam(
        tx.client,
        'ListAccessKeys',
        { UserName: user.name },
        'AccessKeyMetadata',
        as,
      )
      for (const k of keys)
        await tx.call(
          iam('DeleteAccessKey', { UserName: user.name, AccessKeyId: k.AccessKeyId }, as),
        )
      const mfa = await listIam(
        tx.client,
        'ListMFADevices',
        { UserName: user.name },
        'MFADevices',
        as,
      )
      for (const d of mfa)
        await tx.call(
          iam('DeactivateMFADevice', { UserName: user.name, SerialNumber: d.SerialNumber }, as),
        )
      await tx.call(iam('DeleteUser', { UserName: user.name }, as))
    })
  }
  const groups = named(spec.groups)
  for (const [key, group] of running.groups) {
    if (groups.has(key)) continue
    del('group', group.name, 5, [], async (tx) => {
      const listed = await listIam(tx.client, 'GetGroup', { GroupName: group.name }, 'Users', as)
      for (const u of listed)
        await tx.call(
          iam('RemoveUserFromGroup', { GroupName: group.name, UserName: u.UserName }, as),
          () => [iam('AddUserToGroup', { GroupName: group.name, UserName: u.UserName }, as)],
        )
      await removePolicies(tx, 'group', group.name, as, group.inline, group.attached)
      await tx.call(iam('DeleteGroup', { GroupName: group.name }, as))
    })
  }
  const roles = named(spec.roles)
  for (const [key, role] of running.roles) {
    if (roles.has(key) || isReservedRolePath(role.path) || role.name === ACCOUNT_ACCESS_ROLE)
      continue
    if (isCaller('role', role.name)) continue
    del('role', role.name, 5, [], async (tx) => {
      const profiles = await listIam(
        tx.client,
        'ListInstanceProfilesForRole',
        { RoleName: role.name },
        'InstanceProfiles',
        as,
      )
      for (const p of profiles) {
        const input = { InstanceProfileName: p.InstanceProfileName, RoleName: role.name }
        await tx.call(iam('RemoveRoleFromInstanceProfile', input, as), () => [
          iam('AddRoleToInstanceProfile', input, as),
        ])
      }
      await removePolicies(tx, 'role', role.name, as, role.inline, role.attached)
      await tx.call(iam('DeleteRole', { RoleName: role.name }, as))
    })
  }
  const providers = new Set((spec.oidcProviders ?? []).map((p) => oidcProviderIdentity(p.url)))
  for (const [identity, provider] of running.oidcProviders ?? []) {
    if (providers.has(identity)) continue
    const fields = [
      { field: 'url', before: provider.url },
      { field: 'clientIds', before: provider.clientIds },
      { field: 'thumbprints', before: provider.thumbprints },
    ]
    del('oidcProvider', identity, 6, fields, async (tx) => {
      await tx.call(
        iam('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: provider.arn }, as),
        () => [
          iam(
            'CreateOpenIDConnectProvider',
            {
              Url: provider.url,
              ClientIDList: provider.clientIds,
              ThumbprintList: provider.thumbprints,
              ...(provider.tags.length === 0 ? {} : { Tags: provider.tags }),
            },
            as,
          ),
        ],
      )
    })
  }
  const policies = named(spec.policies)
  for (const [key, policy] of running.policies) {
    if (policies.has(key)) continue
    del('policy', policy.name, 6, [{ field: 'document', before: policy.document }], async (tx) => {
      const entities = await tx.call(iam('ListEntitiesForPolicy', { PolicyArn: policy.arn }, as))
      const holders: [Holder, string, string][] = [
        ['user', 'PolicyUsers', 'UserName'],
        ['group', 'PolicyGroups', 'GroupName'],
        ['role', 'PolicyRoles', 'RoleName'],
      ]
      for (const [kind, list, field] of holders) {
        const { key: k, noun } = HOLDER[kind]
        for (const e of (entities[list] ?? []) as Record<string, unknown>[]) {
          const input = { [k]: e[field], PolicyArn: policy.arn }
          await tx.call(iam(`Detach${noun}Policy`, input, as), () => [
            iam(`Attach${noun}Policy`, input, as),
          ])
        }
      }
      for (const version of policy.versionIds)
        if (version !== policy.defaultVersionId)
          await tx.call(
            iam('DeletePolicyVersion', { PolicyArn: policy.arn, VersionId: version }, as),
          )
      await tx.call(iam('DeletePolicy', { PolicyArn: policy.arn }, as))
    })
  }
  return out
}

async function ignoreMissing(call: Promise<unknown>): Promise<void> {
  try {
    await call
  } catch (error) {
    if (errorCode(error) !== 'NoSuchEntity') throw error
  }
}

async function removePolicies(
  tx: ChangeTransaction,
  kind: Holder,
  name: string,
  as: CallAs,
  inline: InlinePolicies,
  attached: readonly string[],
): Promise<void> {
  const { key, noun } = HOLDER[kind]
  for (const [policy, document] of inline)
    await tx.call(iam(`Delete${noun}Policy`, { [key]: name, PolicyName: policy }, as), () => [
      iam(
        `Put${noun}Policy`,
        { [key]: name, PolicyName: policy, PolicyDocument: documentText(document) },
        as,
      ),
    ])
  for (const arn of attached)
    await tx.call(iam(`Detach${noun}Policy`, { [key]: name, PolicyArn: arn }, as), () => [
      iam(`Attach${noun}Policy`, { [key]: name, PolicyArn: arn }, as),
    ])
}
