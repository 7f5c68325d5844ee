import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyStructure } from './apply-organization.ts'
import { ApplyTally } from './apply-tally.ts'
import { FakeOrgFileClient } from './fake-org-file-client.ts'
import type { CallAs, OrgFileService } from './org-file-client.ts'
import { parseOrganizationFile } from './parse-organization-file.ts'

type Rec = Record<string, unknown>

/** Counts the accounts being created at once; refuses to create the accounts named in `failing`. */
class WatchedClient extends FakeOrgFileClient {
  inFlight = 0
  maxInFlight = 0
  private readonly failing: ReadonlySet<string>
  constructor(failing: ReadonlySet<string> = new Set()) {
    super()
    this.failing = failing
  }
  override async call(service: OrgFileService, op: string, input: Rec, as: CallAs): Promise<Rec> {
    if (op === 'CreateAccount') {
      if (this.failing.has(String(input.AccountName)))
        return {
          CreateAccountStatus: {
            Id: 'car-x',
            State: 'FAILED',
            FailureReason: 'EMAIL_ALREADY_EXISTS',
          },
        }
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight)
    }
    const out = await super.call(service, op, input, as)
    if (op === 'DescribeCreateAccountStatus') this.inFlight--
    return out
  }
}

function file(accounts: number) {
  const lines = ['organization:', '  managementAccount: {name: Mgmt, email: m@example.com}']
  lines.push('organizationalUnits:', '  - name: Apps', 'accounts:')
  for (let i = 1; i <= accounts; i++)
    lines.push(`  - {name: a${i}, email: a${i}@example.com, ou: Apps}`)
  const parsed = parseOrganizationFile(lines.join('\n') + '\n', 'org.yaml')
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  return parsed.file
}

const polling = (concurrency: number) => ({ intervalMs: 0, maxPolls: 5, concurrency })

describe('applyStructure: accounts', () => {
  it('creates accounts a few at once, each placed in its OU, in the file order', async () => {
    const client = new WatchedClient()
    const lines: string[] = []
    const state = await applyStructure(
      file(12),
      client,
      new ApplyTally((l) => lines.push(l)),
      polling(4),
    )
    assert.equal(client.maxInFlight, 4)
    assert.deepEqual(
      [...state.accountIds.keys()],
      [...Array.from({ length: 12 }, (_, i) => `a${i + 1}`), 'Mgmt'],
    )
    const apps = state.ouIds.get('Apps')
    for (const [name, id] of client.accountIds()) {
      if (name === 'SecureCart') continue // the fake's management account
      const parents = await client.call(
        'organizations',
        'ListParents',
        { ChildId: id },
        'management',
      )
      assert.deepEqual(parents, { Parents: [{ Id: apps }] })
    }
    assert.equal(lines.filter((l) => l.startsWith('created account')).length, 12)
    assert.equal(lines.filter((l) => l.startsWith('moved account')).length, 12)
    // Again: nothing created or moved, and where accounts stand is read per parent.
    client.calls.length = 0
    const tally = new ApplyTally(() => {})
    await applyStructure(file(12), client, tally, polling(4))
    assert.equal(tally.counts().created + tally.counts().updated, 0)
    assert.equal(client.calls.filter((c) => c.operation === 'ListParents').length, 0)
  })

  it('one at a time by default', async () => {
    const client = new WatchedClient()
    await applyStructure(file(3), client, new ApplyTally(() => {}), { intervalMs: 0, maxPolls: 5 })
    assert.equal(client.maxInFlight, 1)
  })

  it('an account that fails is reported after the others are created and placed', async () => {
    const client = new WatchedClient(new Set(['a2', 'a5']))
    const lines: string[] = []
    await assert.rejects(
      applyStructure(file(6), client, new ApplyTally((l) => lines.push(l)), polling(8)),
      /2 account\(s\) failed: account 'a2': creating account 'a2' failed: EMAIL_ALREADY_EXISTS; account 'a5': /,
    )
    assert.deepEqual([...client.accountIds().keys()].sort(), ['SecureCart', 'a1', 'a3', 'a4', 'a6'])
    assert.equal(lines.filter((l) => l.startsWith('moved account')).length, 4)
  })
})
