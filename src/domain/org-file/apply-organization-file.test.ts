import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { applyOrganizationFile } from './apply-organization-file.ts'
import { FakeOrgFileClient } from './fake-org-file-client.ts'
import { parseOrganizationFile } from './parse-organization-file.ts'

const EXAMPLE = readFileSync(
  new URL('../../../examples/securecart/org.yaml', import.meta.url),
  'utf8',
)
const FAST = { accountPolling: { intervalMs: 0, maxPolls: 5 } }

function parse(text: string) {
  const result = parseOrganizationFile(text, 'org.yaml')
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.file
}

async function apply(client: FakeOrgFileClient, text = EXAMPLE) {
  const lines: string[] = []
  const summary = await applyOrganizationFile(parse(text), client, (l) => lines.push(l), FAST)
  return { summary, lines }
}

describe('applyOrganizationFile', () => {
  it('builds the SecureCart organization through AWS operations', async () => {
    const client = new FakeOrgFileClient()
    const { summary, lines } = await apply(client)
    const ids = client.accountIds()
    assert.equal(ids.size, 7)
    assert.deepEqual(Object.keys(summary.accountIds).sort(), [...ids.keys()].sort())
    assert.equal(summary.organizationId, 'o-fake000001')
    assert.equal(summary.updated, 2, 'the two policy types enabled')
    assert.equal(summary.created, lines.length - summary.updated)
    assert.ok(lines.includes(`created account Dev (${ids.get('Dev')})`), lines.join('\n'))
    assert.ok(lines.some((l) => l.startsWith('created OU Workloads/Prod')))
    assert.ok(lines.includes('attached SCP DenyIamUsersInWorkloads to OU Workloads'))
    // The Dev role trusts Infra's root, with Infra's real id.
    const dev = client.iamOf(ids.get('Dev') ?? '')
    const role = dev.roles.get('InfraAssumeRole')
    assert.deepEqual(JSON.parse(String(role?.AssumeRolePolicyDocument)).Statement[0].Principal, {
      AWS: `arn:aws:iam::${ids.get('Infra')}:root`,
    })
    assert.equal(role?.MaxSessionDuration, 3600)
    assert.deepEqual(role?.Tags, [{ Key: 'access', Value: 'cross-account' }])
    assert.deepEqual(
      [...(dev.attached.get('Role:InfraAssumeRole') ?? [])],
      ['arn:aws:iam::aws:policy/AmazonS3FullAccess'],
    )
    // Infra: the deployer is in deployers, which may assume the Dev role; boundary by ARN.
    const infraId = ids.get('Infra') ?? ''
    const infra = client.iamOf(infraId)
    assert.deepEqual([...(infra.members.get('deployer') ?? [])], ['deployers'])
    assert.deepEqual(
      [...(infra.attached.get('Group:deployers') ?? [])],
      [`arn:aws:iam::${infraId}:policy/AssumeInfraRoleInDev`],
    )
    const policy = infra.policies.get('AssumeInfraRoleInDev')
    const doc = JSON.parse(String((policy?.versions as { Document: string }[])[0]?.Document))
    assert.equal(doc.Statement[0].Resource, `arn:aws:iam::${ids.get('Dev')}:role/InfraAssumeRole`)
    assert.deepEqual(infra.users.get('deployer')?.PermissionsBoundary, {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: `arn:aws:iam::${infraId}:policy/DeployerBoundary`,
    })
    // Accounts sit in their OUs; SCP and RCP types were enabled before policies were created.
    const ops = client.calls.map((c) => c.operation)
    assert.ok(ops.indexOf('EnablePolicyType') < ops.indexOf('CreatePolicy'))
    assert.ok(client.targetsOf('ProtectCloudTrail').has('r-root'))
    // IAM in member accounts goes as the account; Organizations and Identity Center as the
    // management account.
    for (const call of client.calls) {
      if (call.service !== 'iam') assert.equal(call.as, 'management')
      else assert.notEqual(call.as, 'management')
    }
  })

  it('changes nothing the second time', async () => {
    const client = new FakeOrgFileClient()
    const first = await apply(client)
    const before = client.mutations().length
    const second = await apply(client)
    assert.deepEqual(second.lines, [])
    assert.equal(client.mutations().length, before)
    assert.equal(second.summary.created, 0)
    assert.equal(second.summary.updated, 0)
    assert.ok(second.summary.unchanged >= first.summary.created)
  })

  it('updates what differs and deletes nothing', async () => {
    const client = new FakeOrgFileClient()
    await apply(client)
    const changed = EXAMPLE.replace('cloudtrail:UpdateTrail', 'cloudtrail:DeleteEventDataStore')
      .replace('trust: { accounts: [Infra] }', 'trust: { accounts: [Infra], mfa: true }')
      .replace(
        'maxSessionDuration: 3600\n        tags: { access: cross-account }',
        'maxSessionDuration: 7200\n        tags: { access: cross-account, owner: infra }',
      )
      .replace('iam:Get*, iam:List*]', 'iam:Get*]')
      .replace(
        'description: Read-only access for the Dev account',
        'description: Read-only for Dev',
      )
    const { summary, lines } = await apply(client, changed)
    assert.deepEqual(
      lines.sort(),
      [
        expect(client, 'Dev', 'tagged role InfraAssumeRole (owner)'),
        expect(client, 'Dev', 'updated role InfraAssumeRole (MaxSessionDuration)'),
        expect(client, 'Dev', 'updated trust policy of role InfraAssumeRole'),
        expect(client, 'Infra', 'updated policy DeployerBoundary (new default version)'),
        expect(client, 'Staging', 'updated role CrossAccountReadOnly (Description)'),
        'updated SCP ProtectCloudTrail (content)',
      ].sort(),
    )
    assert.equal(summary.created, 0)
    assert.equal(summary.updated, 6)
    assert.ok(!client.calls.some((c) => /^(Delete|Detach|Remove|Untag)/.test(c.operation)))
    const scp = JSON.parse(String(client.orgPolicy('ProtectCloudTrail')?.Content))
    assert.ok(scp.Statement[0].Action.includes('cloudtrail:DeleteEventDataStore'))
  })

  it('adds a new role and attachment to an existing account without touching the rest', async () => {
    const client = new FakeOrgFileClient()
    await apply(client)
    const more = EXAMPLE.replace(
      '        managedPolicies: [ReadOnlyAccess]\n',
      '        managedPolicies: [ReadOnlyAccess, SecurityAudit]\n',
    )
    const { lines } = await apply(client, more)
    assert.deepEqual(lines, [
      expect(
        client,
        'Staging',
        'attached arn:aws:iam::aws:policy/SecurityAudit to role CrossAccountReadOnly',
      ),
    ])
  })

  it('reports the account and the cause of a failed call', async () => {
    const client = new FakeOrgFileClient()
    const original = client.call.bind(client)
    client.call = async (service, operation, input, as) => {
      if (operation === 'CreateRole')
        throw Object.assign(new Error('denied by SCP'), { code: 'AccessDenied' })
      return original(service, operation, input, as)
    }
    await assert.rejects(apply(client), /applying IAM in account Dev \(\d{12}\): denied by SCP/)
  })
})

function expect(client: FakeOrgFileClient, account: string, line: string): string {
  return `${account} (${client.accountIds().get(account)}): ${line}`
}
