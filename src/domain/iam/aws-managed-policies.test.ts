import assert from 'node:assert/strict'
import { it } from 'node:test'
import { parsePolicy } from '../../policy/index.ts'
import {
  awsManagedPolicies,
  awsManagedPolicy,
  awsManagedPolicyByName,
  catalogEntry,
} from './aws-managed-policies.ts'

it('the catalog holds every policy of the package, each with its default version among its versions', () => {
  const all = awsManagedPolicies()
  assert.ok(all.length > 1300 && all.length < 2000, String(all.length))
  const ids = new Set<string>()
  for (const p of all) {
    assert.match(p.id, /^ANPA[A-Z0-9]{17}$/, p.name)
    assert.equal(p.arn, `arn:aws:iam::aws:policy${p.path}${p.name}`)
    assert.equal(awsManagedPolicy(p.arn), p)
    const current = p.versions.find((v) => v.versionId === p.defaultVersionId)
    assert.equal(current?.document, p.document, p.name)
    ids.add(p.id)
  }
  assert.equal(ids.size, all.length, 'ids are unique')
  assert.ok(all.some((p) => p.path === '/aws-service-role/'))
  assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicyAnywhere'), undefined)
  assert.equal(awsManagedPolicy('arn:aws:iam::111111111111:policy/ReadOnlyAccess'), undefined)
})

it('the well-known policies keep AWS ids and descriptions, and parse as identity policies (AWS-managed documents may pass the customer size quota)', () => {
  const admin = awsManagedPolicyByName('AdministratorAccess')!
  assert.equal(admin.id, 'ANPAIWMBCKSKIEE64ZLYK')
  assert.equal(admin.description, 'Provides full access to AWS services and resources.')
  assert.equal(
    admin.document,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  )
  assert.equal(awsManagedPolicyByName('ViewOnlyAccess')?.path, '/job-function/')
  for (const name of [
    'ReadOnlyAccess',
    'SecurityAudit',
    'PowerUserAccess',
    'AmazonS3ReadOnlyAccess',
  ]) {
    const p = awsManagedPolicyByName(name)!
    const errors = parsePolicy(p.document, 'identity').problems.filter(
      (x) => x.severity === 'error' && x.code !== 'policy_too_large',
    )
    assert.deepEqual(errors, [], name)
  }
  const s3 = awsManagedPolicyByName('AmazonS3ReadOnlyAccess')!
  assert.deepEqual(
    s3.versions.map((v) => v.versionId),
    ['v3', 'v2', 'v1'],
  )
})

it('an entry takes path, name, default version and dates from the package record', () => {
  const e = catalogEntry({
    arn: 'arn:aws:iam::aws:policy/service-role/Example',
    latestVersionId: 'v10',
    versions: {
      v2: { createdDate: '2020-01-01T00:00:00.000Z', document: { Version: '2012-10-17' } },
      v10: {
        createdDate: '2021-01-01T00:00:00.000Z',
        document: { Version: '2012-10-17', Statement: [] },
      },
    },
    createdDate: '2019-01-01T00:00:00.000Z',
  })
  assert.equal(e.name, 'Example')
  assert.equal(e.path, '/service-role/')
  assert.equal(e.defaultVersionId, 'v10')
  assert.deepEqual(
    e.versions.map((v) => v.versionId),
    ['v10', 'v2'],
  )
  assert.equal(e.createdAt, Date.parse('2019-01-01T00:00:00.000Z'))
  assert.equal(e.updatedAt, Date.parse('2021-01-01T00:00:00.000Z'))
  assert.equal(e.description, null)
})
