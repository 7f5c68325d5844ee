import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import { Evaluator, SnapshotIndex } from '../../../analysis/index.ts'
import { parseOrganizationFile } from '../../org-file/index.ts'
import { snapshotFromOrganizationFile } from '../../snapshots/index.ts'
import { bucketAccesses, type AnalyzableBucket } from './bucket-external-access.ts'
import { zoneAccounts } from './external-access.ts'

const FILE = resolve(import.meta.dirname, '../../../../examples/securecart/org.yaml')
const BLOCK_NONE = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
}

function secureCart() {
  const parsed = parseOrganizationFile(readFileSync(FILE, 'utf8'), 'org.yaml')
  assert.ok(parsed.ok)
  const snapshot = snapshotFromOrganizationFile(parsed.file)
  const ids = Object.fromEntries(snapshot.accounts.map((a) => [a.name, a.id]))
  const zone = { kind: 'organization', organizationId: snapshot.organization!.id } as const
  return {
    ids,
    zone,
    accounts: zoneAccounts(snapshot, zone),
    evaluator: new Evaluator(new SnapshotIndex(snapshot)),
  }
}

const bucket = (accountId: string, statement: object, over: Partial<AnalyzableBucket> = {}) => ({
  name: 'b1',
  accountId,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
  publicAccessBlock: BLOCK_NONE,
  accountPublicAccessBlock: undefined,
  ...over,
})

describe('bucketAccesses', () => {
  const s = secureCart()
  const prod = s.ids['Prod']!
  const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b1/*' }

  it('an outside account: its allowed actions; a Deny of the same bucket policy removes it', () => {
    const [a, ...rest] = bucketAccesses(
      s.evaluator,
      bucket(prod, { ...read, Principal: { AWS: 'arn:aws:iam::999999999999:root' } }),
      s.zone,
      s.accounts,
    )
    assert.equal(rest.length, 0)
    assert.deepEqual(
      [a?.principal, a?.action, a?.isPublic, a?.resource],
      [{ AWS: '999999999999' }, ['s3:GetObject'], false, 'arn:aws:s3:::b1'],
    )
    const denied = {
      name: 'b1',
      accountId: prod,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { ...read, Principal: { AWS: '999999999999' } },
          { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b1/*' },
        ],
      }),
      publicAccessBlock: BLOCK_NONE,
      accountPublicAccessBlock: undefined,
    }
    assert.deepEqual(bucketAccesses(s.evaluator, denied, s.zone, s.accounts), [])
  })

  it('everyone: public, unless RestrictPublicBuckets (bucket or account) or the organization confines it', () => {
    const open = bucket(prod, { ...read, Principal: '*' })
    assert.deepEqual(
      bucketAccesses(s.evaluator, open, s.zone, s.accounts).map((a) => a.isPublic),
      [true],
    )
    const restrictedByAccount = {
      ...open,
      accountPublicAccessBlock: { ...BLOCK_NONE, RestrictPublicBuckets: true },
    }
    assert.deepEqual(bucketAccesses(s.evaluator, restrictedByAccount, s.zone, s.accounts), [])
    const orgOnly = bucket(prod, {
      ...read,
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': s.zone.organizationId } },
    })
    assert.deepEqual(bucketAccesses(s.evaluator, orgOnly, s.zone, s.accounts), [])
  })

  it('principals inside the zone and buckets without a policy give nothing', () => {
    const inside = bucket(prod, { ...read, Principal: { AWS: s.ids['Dev']! } })
    assert.deepEqual(bucketAccesses(s.evaluator, inside, s.zone, s.accounts), [])
    assert.deepEqual(
      bucketAccesses(s.evaluator, { ...inside, policy: undefined }, s.zone, s.accounts),
      [],
    )
  })
})
