import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { InitialPasswords } from './apply-identity-center.ts'
import { applyOrganizationFile } from './apply-organization-file.ts'
import { FakeOrgFileClient } from './fake-org-file-client.ts'
import { parseOrganizationFile } from './parse-organization-file.ts'

const EXAMPLE = readFileSync(
  new URL('../../../examples/securecart/org.yaml', import.meta.url),
  'utf8',
)

function parse(text: string) {
  const result = parseOrganizationFile(text, 'org.yaml')
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.file
}

/** Gives `P4ss-<user>` and remembers whom it was asked for. */
function passwords(asked: string[] = []): InitialPasswords {
  return {
    passwordFor(user) {
      asked.push(user.userName)
      return `P4ss-${user.userName}`
    },
  }
}

async function apply(client: FakeOrgFileClient, text = EXAMPLE, asked: string[] = []) {
  const lines: string[] = []
  const summary = await applyOrganizationFile(parse(text), client, (l) => lines.push(l), {
    accountPolling: { intervalMs: 0, maxPolls: 5 },
    initialPasswords: passwords(asked),
  })
  return { summary, lines }
}

describe('applyOrganizationFile: Identity Center', () => {
  it("builds SecureCart's users, groups, permission sets and assignments", async () => {
    const client = new FakeOrgFileClient()
    const asked: string[] = []
    const { lines } = await apply(client, EXAMPLE, asked)
    const ic = client.identityCenter
    const users = [...ic.users.values()]
    assert.deepEqual(
      users.map((u) => u.UserName),
      ['dana', 'anna', 'sean', 'ada'],
    )
    assert.deepEqual(users[0]?.Name, { GivenName: 'Dana', FamilyName: 'Developer' })
    assert.deepEqual(users[0]?.Emails, [
      { Value: 'dana@securecart.example', Type: 'work', Primary: true },
    ])
    assert.deepEqual(asked, ['dana', 'anna', 'sean', 'ada'])
    assert.equal(ic.passwords.get(String(users[0]?.UserId)), 'P4ss-dana')
    // No line shows a password.
    assert.ok(!lines.some((l) => l.includes('P4ss')), lines.join('\n'))
    const groupId = (name: string) =>
      String([...ic.groups.values()].find((g) => g.DisplayName === name)?.GroupId)
    assert.deepEqual([...(ic.members.get(groupId('Developers')) ?? [])], [users[0]?.UserId])
    const set = (name: string) => [...ic.sets.values()].find((p) => p.name === name)!
    assert.deepEqual(set('DeveloperAccess').managed, ['arn:aws:iam::aws:policy/PowerUserAccess'])
    assert.equal(set('DeveloperAccess').sessionDuration, 'PT8H')
    assert.match(set('DeveloperAccess').inline ?? '', /KeepTheAuditTrail/)
    const ids = client.accountIds()
    const assigned = (ps: string, account: string) => [
      ...(ic.assignments.get(`${set(ps).arn}\n${ids.get(account)}`) ?? []),
    ]
    // The same group: admin in Dev, read-only in Prod.
    assert.deepEqual(assigned('AdministratorAccess', 'Dev'), [`GROUP\n${groupId('Admins')}`])
    assert.ok(assigned('ReadOnlyAccess', 'Prod').includes(`GROUP\n${groupId('Admins')}`))
    // OUs expand: Developers in both NonProd accounts; Security in Security and Log Archive.
    assert.deepEqual(assigned('DeveloperAccess', 'Staging'), [`GROUP\n${groupId('Developers')}`])
    assert.deepEqual(assigned('AdministratorAccess', 'Log Archive'), [
      `GROUP\n${groupId('Security')}`,
    ])
    assert.ok(
      lines.includes(
        'Identity Center: assigned DeveloperAccess to group Developers in account Dev',
      ),
    )
  })

  it('changes nothing the second time, and sets no password again', async () => {
    const client = new FakeOrgFileClient()
    await apply(client)
    const before = client.mutations().length
    const asked: string[] = []
    const { summary, lines } = await apply(client, EXAMPLE, asked)
    assert.deepEqual(lines, [])
    assert.equal(summary.created + summary.updated, 0)
    assert.equal(client.mutations().length, before)
    assert.deepEqual(asked, [])
  })

  it('updates what differs and provisions a changed permission set again', async () => {
    const client = new FakeOrgFileClient()
    await apply(client)
    const changed = EXAMPLE.replace('familyName: Developer', 'familyName: Dev')
      .replace('Read everything, change nothing', 'Read only')
      .replace('KeepTheAuditTrail', 'KeepTheTrail')
      .replace('members: [dana]', 'members: [dana, ada]')
    const { lines } = await apply(client, changed)
    assert.deepEqual(lines.sort(), [
      'Identity Center: added user ada to group Developers',
      'Identity Center: provisioned permission set DeveloperAccess again in 2 account(s)',
      'Identity Center: provisioned permission set ReadOnlyAccess again in 4 account(s)',
      'Identity Center: updated permission set ReadOnlyAccess (Description)',
      'Identity Center: updated the inline policy of permission set DeveloperAccess',
      'Identity Center: updated user dana (displayName, name)',
    ])
  })

  it('reads every page of the lists', async () => {
    const client = new FakeOrgFileClient()
    ;(client as { identityCenter: unknown }).identityCenter = new (
      await import('./fake-identity-center.ts')
    ).FakeIdentityCenter(1)
    await apply(client)
    const before = client.mutations().length
    const { lines } = await apply(client)
    assert.deepEqual(lines, [])
    assert.equal(client.mutations().length, before)
  })

  it('creates no user whose password it cannot get', async () => {
    const client = new FakeOrgFileClient()
    const file = parse(EXAMPLE)
    await assert.rejects(
      applyOrganizationFile(file, client, () => {}, {
        accountPolling: { intervalMs: 0, maxPolls: 5 },
        initialPasswords: {
          passwordFor() {
            throw new Error('$X is not set')
          },
        },
      }),
      /applying Identity Center users: \$X is not set/,
    )
    assert.equal(client.identityCenter.users.size, 0)
  })
})
