/**
 * An in-memory stand-in for the Organizations and IAM services (and, through
 * {@link FakeIdentityCenter}, identitystore and sso-admin), for tests of
 * applyOrganizationFile: it records every call and keeps just enough state to answer the
 * operations the applier uses, with AWS's shapes (IAM documents come back URL-encoded).
 */
import { FakeIdentityCenter } from './fake-identity-center.ts'
import type { CallAs, OrgFileClient, OrgFileService } from './org-file-client.ts'

type Rec = Record<string, unknown>

/** One recorded call. */
export interface RecordedCall {
  readonly service: OrgFileService
  readonly operation: string
  readonly input: Rec
  readonly as: CallAs
}

class FakeError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

interface IamAccount {
  roles: Map<string, Rec>
  users: Map<string, Rec>
  groups: Map<string, Rec>
  policies: Map<string, Rec>
  inline: Map<string, string>
  attached: Map<string, Set<string>>
  members: Map<string, Set<string>>
}

const MUTATING = /^(Create|Update|Put|Attach|Add|Tag|Move|Enable|Delete)/

/** A fake client with a fresh organization whose management account is 111111111111. */
export class FakeOrgFileClient implements OrgFileClient {
  readonly calls: RecordedCall[] = []
  readonly managementId = '111111111111'
  private nextId = 1
  private readonly ous = new Map<string, { Id: string; Name: string; parent: string }>()
  private readonly accounts = new Map<string, Rec & { parent: string }>()
  private readonly orgPolicies = new Map<string, Rec>()
  private readonly targets = new Map<string, Set<string>>()
  private readonly enabledTypes = new Set<string>()
  private readonly iam = new Map<string, IamAccount>()
  /** OIDC providers by ARN (the account is in the ARN). */
  private readonly oidcProviders = new Map<string, Rec>()
  /** Identity Center (identitystore and sso-admin) state. */
  readonly identityCenter = new FakeIdentityCenter()

  constructor() {
    this.accounts.set(this.managementId, {
      Id: this.managementId,
      Name: 'SecureCart',
      Email: 'aws-management@securecart.example',
      parent: 'r-root',
    })
  }

  /** The calls that change state. */
  mutations(): RecordedCall[] {
    return this.calls.filter((c) => MUTATING.test(c.operation))
  }

  /** IAM state of one account, for assertions. */
  iamOf(accountId: string): IamAccount {
    let account = this.iam.get(accountId)
    if (account === undefined) {
      account = {
        roles: new Map(),
        users: new Map(),
        groups: new Map(),
        policies: new Map(),
        inline: new Map(),
        attached: new Map(),
        members: new Map(),
      }
      this.iam.set(accountId, account)
    }
    return account
  }

  /** The accounts by name → id. */
  accountIds(): Map<string, string> {
    return new Map([...this.accounts.values()].map((a) => [String(a.Name), String(a.Id)]))
  }

  /** Content of an organization policy by name. */
  orgPolicy(name: string): Rec | undefined {
    return [...this.orgPolicies.values()].find((p) => p.Name === name)
  }

  /** Targets of an organization policy by name. */
  targetsOf(name: string): Set<string> {
    return this.targets.get(String(this.orgPolicy(name)?.Id)) ?? new Set()
  }

  async call(service: OrgFileService, operation: string, input: Rec, as: CallAs): Promise<Rec> {
    this.calls.push({ service, operation, input, as })
    if (service === 'organizations') return this.organizations(operation, input)
    if (service === 'identitystore') return this.identityCenter.identityStore(operation, input)
    if (service === 'sso-admin') return this.identityCenter.ssoAdmin(operation, input)
    const accountId = as === 'management' ? this.managementId : as.accountId
    return this.iamCall(this.iamOf(accountId), accountId, operation, input)
  }

  private id(prefix: string): string {
    return `${prefix}${String(this.nextId++).padStart(8, '0')}`
  }

  private organizations(op: string, input: Rec): Rec {
    switch (op) {
      case 'DescribeOrganization':
        return { Organization: { Id: 'o-fake000001', MasterAccountId: this.managementId } }
      case 'ListRoots':
        return {
          Roots: [
            {
              Id: 'r-root',
              Name: 'Root',
              PolicyTypes: [...this.enabledTypes].map((Type) => ({ Type, Status: 'ENABLED' })),
            },
          ],
        }
      case 'ListOrganizationalUnitsForParent':
        return {
          OrganizationalUnits: [...this.ous.values()].filter((o) => o.parent === input.ParentId),
        }
      case 'CreateOrganizationalUnit': {
        const ou = {
          Id: this.id('ou-root-'),
          Name: String(input.Name),
          parent: String(input.ParentId),
        }
        this.ous.set(ou.Id, ou)
        return { OrganizationalUnit: { Id: ou.Id, Name: ou.Name } }
      }
      case 'ListAccounts': {
        // Two pages, to exercise NextToken.
        const all = [...this.accounts.values()]
        const start = input.NextToken === undefined ? 0 : Number(input.NextToken)
        const page = all.slice(start, start + 2)
        const next = start + 2 < all.length ? { NextToken: String(start + 2) } : {}
        return { Accounts: page, ...next }
      }
      case 'CreateAccount': {
        const id = String(222222222222 + this.accounts.size)
        this.accounts.set(id, {
          Id: id,
          Name: input.AccountName,
          Email: input.Email,
          parent: 'r-root',
        })
        return { CreateAccountStatus: { Id: `car-${id}`, State: 'IN_PROGRESS' } }
      }
      case 'DescribeCreateAccountStatus':
        return {
          CreateAccountStatus: {
            Id: input.CreateAccountRequestId,
            State: 'SUCCEEDED',
            AccountId: String(input.CreateAccountRequestId).slice(4),
          },
        }
      case 'ListAccountsForParent':
        return {
          Accounts: [...this.accounts.values()].filter((a) => a.parent === input.ParentId),
        }
      case 'ListParents':
        return { Parents: [{ Id: this.accounts.get(String(input.ChildId))?.parent }] }
      case 'MoveAccount': {
        const account = this.accounts.get(String(input.AccountId))
        if (account === undefined || account.parent !== input.SourceParentId)
          throw new FakeError('SourceParentNotFoundException', 'wrong source parent')
        account.parent = String(input.DestinationParentId)
        return {}
      }
      case 'EnablePolicyType':
        this.enabledTypes.add(String(input.PolicyType))
        return {}
      case 'ListPolicies':
        return {
          Policies: [...this.orgPolicies.values()].filter((p) => p.Type === input.Filter),
        }
      case 'CreatePolicy': {
        if (!this.enabledTypes.has(String(input.Type)))
          throw new FakeError('PolicyTypeNotEnabledException', 'not enabled')
        const policy = {
          Id: this.id('p-'),
          Name: input.Name,
          Description: input.Description,
          Type: input.Type,
          Content: input.Content,
        }
        this.orgPolicies.set(policy.Id, policy)
        return { Policy: { PolicySummary: policy, Content: input.Content } }
      }
      case 'DescribePolicy': {
        const policy = this.orgPolicies.get(String(input.PolicyId)) ?? {}
        return { Policy: { PolicySummary: policy, Content: policy.Content } }
      }
      case 'UpdatePolicy': {
        const policy = this.orgPolicies.get(String(input.PolicyId)) ?? {}
        if (input.Content !== undefined) policy.Content = input.Content
        if (input.Description !== undefined) policy.Description = input.Description
        return { Policy: { PolicySummary: policy, Content: policy.Content } }
      }
      case 'ListTargetsForPolicy':
        return {
          Targets: [...(this.targets.get(String(input.PolicyId)) ?? [])].map((TargetId) => ({
            TargetId,
          })),
        }
      case 'AttachPolicy': {
        const set = this.targets.get(String(input.PolicyId)) ?? new Set()
        if (set.has(String(input.TargetId)))
          throw new FakeError('DuplicatePolicyAttachmentException', 'already attached')
        set.add(String(input.TargetId))
        this.targets.set(String(input.PolicyId), set)
        return {}
      }
    }
    throw new FakeError('InvalidAction', `fake organizations has no ${op}`)
  }

  private oidcCall(accountId: string, op: string, input: Rec): Rec {
    return oidcCallOf(this.oidcProviders, accountId, op, input)
  }

  private iamCall(a: IamAccount, accountId: string, op: string, input: Rec): Rec {
    const enc = (doc: unknown) => encodeURIComponent(String(doc))
    const need = (map: Map<string, Rec>, name: unknown, what: string) => {
      const item = map.get(String(name))
      if (item === undefined)
        throw new FakeError(
          'NoSuchEntity',
          `The ${what} with name ${String(name)} cannot be found.`,
        )
      return item
    }
    const holder =
      /^(?:List|Get|Put)(User|Group|Role)Polic(?:y|ies)$|^(?:ListAttached|Attach)(User|Group|Role)Polic(?:y|ies)$/.exec(
        op,
      )
    if (holder !== null) {
      const noun = holder[1] ?? holder[2] ?? ''
      const name = String(input[`${noun}Name`])
      const key = `${noun}:${name}`
      if (op.startsWith('ListAttached'))
        return {
          AttachedPolicies: [...(a.attached.get(key) ?? [])].map((PolicyArn) => ({ PolicyArn })),
          IsTruncated: false,
        }
      if (op.startsWith('Attach')) {
        const set = a.attached.get(key) ?? new Set()
        set.add(String(input.PolicyArn))
        a.attached.set(key, set)
        return {}
      }
      if (op.startsWith('List'))
        return {
          PolicyNames: [...a.inline.keys()]
            .filter((k) => k.startsWith(`${key}:`))
            .map((k) => k.split(':')[2]),
          IsTruncated: false,
        }
      if (op.startsWith('Get'))
        return { PolicyDocument: enc(a.inline.get(`${key}:${String(input.PolicyName)}`)) }
      a.inline.set(`${key}:${String(input.PolicyName)}`, String(input.PolicyDocument))
      return {}
    }
    if (op.includes('OpenIDConnectProvider')) return this.oidcCall(accountId, op, input)
    switch (op) {
      case 'ListPolicies':
        return { Policies: [...a.policies.values()], IsTruncated: false }
      case 'CreatePolicy': {
        const arn = `arn:aws:iam::${accountId}:policy${String(input.Path)}${String(input.PolicyName)}`
        const policy = {
          PolicyName: input.PolicyName,
          Path: input.Path,
          Arn: arn,
          DefaultVersionId: 'v1',
          versions: [{ VersionId: 'v1', Document: input.PolicyDocument }],
        }
        a.policies.set(String(input.PolicyName), policy)
        return { Policy: policy }
      }
      case 'GetPolicyVersion': {
        const policy = [...a.policies.values()].find((p) => p.Arn === input.PolicyArn)
        const versions = (policy?.versions ?? []) as Rec[]
        const version = versions.find((v) => v.VersionId === input.VersionId)
        return { PolicyVersion: { ...version, Document: enc(version?.Document) } }
      }
      case 'CreatePolicyVersion': {
        const policy = [...a.policies.values()].find((p) => p.Arn === input.PolicyArn) ?? {}
        const versions = policy.versions as Rec[]
        const id = `v${versions.length + 1}`
        versions.push({ VersionId: id, Document: input.PolicyDocument })
        policy.DefaultVersionId = id
        return {}
      }
      case 'ListPolicyVersions':
        return { Versions: [], IsTruncated: false }
      case 'GetGroup':
        return { Group: need(a.groups, input.GroupName, 'group'), Users: [] }
      case 'CreateGroup':
        a.groups.set(String(input.GroupName), { GroupName: input.GroupName, Path: input.Path })
        return {}
      case 'GetRole':
        return {
          Role: {
            ...need(a.roles, input.RoleName, 'role'),
            AssumeRolePolicyDocument: enc(
              a.roles.get(String(input.RoleName))?.AssumeRolePolicyDocument,
            ),
          },
        }
      case 'CreateRole':
        a.roles.set(String(input.RoleName), {
          ...input,
          MaxSessionDuration: input.MaxSessionDuration ?? 3600,
          PermissionsBoundary: boundary(input),
        })
        return {}
      case 'UpdateAssumeRolePolicy':
        need(a.roles, input.RoleName, 'role').AssumeRolePolicyDocument = input.PolicyDocument
        return {}
      case 'UpdateRole':
        Object.assign(need(a.roles, input.RoleName, 'role'), input)
        return {}
      case 'PutRolePermissionsBoundary':
        need(a.roles, input.RoleName, 'role').PermissionsBoundary = boundary(input)
        return {}
      case 'TagRole':
      case 'TagUser': {
        const entity =
          op === 'TagRole'
            ? need(a.roles, input.RoleName, 'role')
            : need(a.users, input.UserName, 'user')
        const tags = new Map(((entity.Tags ?? []) as Rec[]).map((t) => [t.Key, t.Value]))
        for (const t of input.Tags as Rec[]) tags.set(t.Key, t.Value)
        entity.Tags = [...tags].map(([Key, Value]) => ({ Key, Value }))
        return {}
      }
      case 'GetUser':
        return { User: need(a.users, input.UserName, 'user') }
      case 'CreateUser':
        a.users.set(String(input.UserName), { ...input, PermissionsBoundary: boundary(input) })
        return {}
      case 'PutUserPermissionsBoundary':
        need(a.users, input.UserName, 'user').PermissionsBoundary = boundary(input)
        return {}
      case 'ListGroupsForUser':
        return {
          Groups: [...(a.members.get(String(input.UserName)) ?? [])].map((GroupName) => ({
            GroupName,
          })),
          IsTruncated: false,
        }
      case 'AddUserToGroup': {
        need(a.groups, input.GroupName, 'group')
        const set = a.members.get(String(input.UserName)) ?? new Set()
        set.add(String(input.GroupName))
        a.members.set(String(input.UserName), set)
        return {}
      }
    }
    throw new FakeError('InvalidAction', `fake iam has no ${op}`)
  }
}

/** The IAM OIDC provider operations an organization file uses. */
function oidcCallOf(providers: Map<string, Rec>, accountId: string, op: string, input: Rec): Rec {
  const arn = String(input.OpenIDConnectProviderArn ?? '')
  const need = () => {
    const p = providers.get(arn)
    if (p === undefined)
      throw new FakeError('NoSuchEntity', `OpenIDConnect provider not found for arn ${arn}`)
    return p
  }
  switch (op) {
    case 'CreateOpenIDConnectProvider': {
      const url = String(input.Url)
      const created = `arn:aws:iam::${accountId}:oidc-provider/${url.replace(/^[a-z]+:\/\//, '')}`
      if (providers.has(created)) throw new FakeError('EntityAlreadyExists', `${created} exists`)
      providers.set(created, {
        Url: url,
        ClientIDList: [...((input.ClientIDList as string[] | undefined) ?? [])],
        ThumbprintList: [...((input.ThumbprintList as string[] | undefined) ?? [])],
        Tags: input.Tags ?? [],
      })
      return { OpenIDConnectProviderArn: created }
    }
    case 'GetOpenIDConnectProvider':
      return { ...need() }
    case 'ListOpenIDConnectProviders':
      return {
        OpenIDConnectProviderList: [...providers.keys()]
          .filter((k) => k.split(':')[4] === accountId)
          .map((Arn) => ({ Arn })),
      }
    case 'DeleteOpenIDConnectProvider':
      need()
      providers.delete(arn)
      return {}
    case 'AddClientIDToOpenIDConnectProvider': {
      const p = need()
      const ids = p.ClientIDList as string[]
      if (!ids.includes(String(input.ClientID))) ids.push(String(input.ClientID))
      return {}
    }
    case 'RemoveClientIDFromOpenIDConnectProvider': {
      const p = need()
      p.ClientIDList = (p.ClientIDList as string[]).filter((id) => id !== input.ClientID)
      return {}
    }
    case 'UpdateOpenIDConnectProviderThumbprint':
      need().ThumbprintList = [...((input.ThumbprintList as string[] | undefined) ?? [])]
      return {}
  }
  throw new FakeError('InvalidAction', `fake iam has no ${op}`)
}

function boundary(input: Rec): Rec | undefined {
  return input.PermissionsBoundary === undefined
    ? undefined
    : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: input.PermissionsBoundary }
}
