import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import type { OrganizationSnapshot } from '../../../analysis/index.ts'
import { parseOrganizationFile } from '../../org-file/index.ts'
import { snapshotFromOrganizationFile } from '../../snapshots/index.ts'
import { analyzeRoleExternalAccess } from './external-access.ts'

const FILE = resolve(import.meta.dirname, '../../../../examples/securecart/org.yaml')

function secureCart() {
  const parsed = parseOrganizationFile(readFileSync(FILE, 'utf8'), 'org.yaml')
  assert.ok(parsed.ok)
  const full = snapshotFromOrganizationFile(parsed.file)
  // The pipeline's PipelineDeploy roles (trusting an OIDC provider) have a test of their own;
  // the other tests read SecureCart without them.
  const snapshot: OrganizationSnapshot = {
    ...full,
    accounts: full.accounts.map((a) => ({
      ...a,
      iam: { ...a.iam, roles: a.iam.roles.filter((r) => r.name !== 'PipelineDeploy') },
    })),
  }
  const ids = Object.fromEntries(snapshot.accounts.map((a) => [a.name, a.id]))
  return {
    full,
    snapshot,
    ids,
    org: { kind: 'organization', organizationId: snapshot.organization!.id } as const,
  }
}

/** The snapshot with one role's trust policy replaced. */
function withTrust(s: OrganizationSnapshot, roleArn: string, trust: object): OrganizationSnapshot {
  return {
    ...s,
    accounts: s.accounts.map((a) => ({
      ...a,
      iam: {
        ...a.iam,
        roles: a.iam.roles.map((r) =>
          r.arn === roleArn ? { ...r, trustPolicy: JSON.stringify(trust) } : r,
        ),
      },
    })),
  }
}

const trust = (principal: unknown, condition?: object) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRole',
      ...(condition ? { Condition: condition } : {}),
    },
  ],
})

describe('external access to roles', () => {
  const { full, snapshot, ids, org } = secureCart()
  const auditor = `arn:aws:iam::${ids.Prod}:role/ThirdPartyAuditor`

  it('SecureCart, zone the organization: only the auditor, with its ExternalId', () => {
    const { roles, accesses } = analyzeRoleExternalAccess(snapshot, org)
    assert.ok(roles.length > 5)
    assert.deepEqual(accesses, [
      {
        resource: auditor,
        resourceOwnerAccount: ids.Prod,
        principal: { AWS: '999999999999' },
        action: ['sts:AssumeRole'],
        condition: { 'sts:ExternalId': 'SecureCart-Audit-2024' },
        isPublic: false,
      },
    ])
  })

  it('SecureCart pipeline: each PipelineDeploy role is open to the OIDC provider, main only', () => {
    const { accesses } = analyzeRoleExternalAccess(full, org)
    const pipeline = accesses.filter((a) => a.resource.endsWith(':role/PipelineDeploy'))
    assert.deepEqual(
      pipeline.map((a) => a.resourceOwnerAccount).sort(),
      [ids.Dev, ids.Staging, ids.Prod].sort(),
    )
    for (const a of pipeline) {
      const provider = `arn:aws:iam::${a.resourceOwnerAccount}:oidc-provider/token.actions.githubusercontent.com`
      assert.deepEqual(a.principal, { Federated: provider })
      assert.deepEqual(a.action, ['sts:AssumeRoleWithWebIdentity'])
      assert.deepEqual(a.condition, {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:securecart/app:ref:refs/heads/main',
      })
      assert.equal(a.isPublic, false)
    }
    // Besides them, only the auditor.
    assert.deepEqual(
      accesses.filter((a) => !pipeline.includes(a)).map((a) => a.resource),
      [`arn:aws:iam::${ids.Prod}:role/ThirdPartyAuditor`],
    )
  })

  it('zone one account: trust from the other accounts of the organization is external', () => {
    const { roles, accesses } = analyzeRoleExternalAccess(snapshot, {
      kind: 'account',
      accountId: ids.Prod!,
    })
    assert.ok(roles.every((r) => r.accountId === ids.Prod))
    const principals = accesses.map((a) => a.principal.AWS).sort()
    assert.ok(principals.includes('999999999999'))
    assert.ok(principals.includes(ids.Security!), JSON.stringify(accesses))
    const admin = accesses.find((a) => a.resource.endsWith(':role/ProdAdmin'))
    assert.deepEqual(admin?.condition, { 'aws:MultiFactorAuthPresent': 'true' })
  })

  it('no condition, public trust, trust confined to the organization, federated providers', () => {
    const none = analyzeRoleExternalAccess(
      withTrust(snapshot, auditor, trust({ AWS: '999999999999' })),
      org,
    )
    assert.deepEqual(
      none.accesses.map((a) => a.condition),
      [{}],
    )
    const open = analyzeRoleExternalAccess(withTrust(snapshot, auditor, trust('*')), org)
    assert.deepEqual(
      open.accesses.map((a) => [a.principal, a.isPublic, a.condition]),
      [[{ AWS: '*' }, true, {}]],
    )
    const confined = analyzeRoleExternalAccess(
      withTrust(
        snapshot,
        auditor,
        trust({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': org.organizationId } }),
      ),
      org,
    )
    assert.deepEqual(confined.accesses, [])
    const oneOutside = analyzeRoleExternalAccess(
      withTrust(
        snapshot,
        auditor,
        trust({ AWS: '*' }, { StringEquals: { 'aws:PrincipalAccount': '123456789012' } }),
      ),
      org,
    )
    assert.deepEqual(
      oneOutside.accesses.map((a) => [a.isPublic, a.condition]),
      [[false, { 'aws:PrincipalAccount': '123456789012' }]],
    )
    const provider = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'
    const fed = analyzeRoleExternalAccess(
      withTrust(snapshot, auditor, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: provider },
            Action: 'sts:AssumeRoleWithWebIdentity',
          },
        ],
      }),
      org,
    )
    assert.deepEqual(
      fed.accesses.map((a) => [a.principal, a.action]),
      [[{ Federated: provider }, ['sts:AssumeRoleWithWebIdentity']]],
    )
  })

  it('a trust policy that denies the outsider gives nothing', () => {
    const denied = analyzeRoleExternalAccess(
      withTrust(snapshot, auditor, {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: 'sts:AssumeRole' },
          { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
        ],
      }),
      org,
    )
    assert.deepEqual(denied.accesses, [])
  })

  it('an account that leaves the organization is outside the zone: trust in it becomes external', () => {
    const security = ids.Security!
    const left: OrganizationSnapshot = {
      ...snapshot,
      accounts: snapshot.accounts.filter((a) => a.id !== security),
    }
    const { roles, accesses } = analyzeRoleExternalAccess(left, org)
    assert.ok(roles.every((r) => r.accountId !== security))
    const prodAdmin = accesses.find((a) => a.resource === `arn:aws:iam::${ids.Prod}:role/ProdAdmin`)
    assert.deepEqual(prodAdmin?.principal, { AWS: security })
    assert.deepEqual(prodAdmin?.condition, { 'aws:MultiFactorAuthPresent': 'true' })
  })

  // Every key of the statement is needed at once: no one key, no pair of keys, allows the
  // assumption; the finding names them all, each with its value as the policy writes it.
  const FOUR_KEYS = {
    StringEquals: { 'sts:ExternalId': 'Audit-7', 'aws:PrincipalTag/team': 'audit' },
    IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
  }

  it('a trust policy needing three condition keys at once gives a finding with all three', () => {
    const three = analyzeRoleExternalAccess(
      withTrust(
        snapshot,
        auditor,
        trust(
          { AWS: '999999999999' },
          {
            StringEquals: { 'sts:ExternalId': 'Audit-7' },
            IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          },
        ),
      ),
      org,
    )
    assert.deepEqual(three.accesses, [
      {
        resource: auditor,
        resourceOwnerAccount: ids.Prod,
        principal: { AWS: '999999999999' },
        action: ['sts:AssumeRole'],
        condition: {
          'sts:ExternalId': 'Audit-7',
          'aws:SourceIp': '203.0.113.0/24',
          'aws:MultiFactorAuthPresent': 'true',
        },
        isPublic: false,
      },
    ])
  })

  it('four keys, a principal tag among them, also for a public trust policy', () => {
    const four = analyzeRoleExternalAccess(
      withTrust(snapshot, auditor, trust({ AWS: '999999999999' }, FOUR_KEYS)),
      org,
    )
    assert.deepEqual(
      four.accesses.map((a) => [a.principal, a.condition]),
      [
        [
          { AWS: '999999999999' },
          {
            'sts:ExternalId': 'Audit-7',
            'aws:PrincipalTag/team': 'audit',
            'aws:SourceIp': '203.0.113.0/24',
            'aws:MultiFactorAuthPresent': 'true',
          },
        ],
      ],
    )
    const open = analyzeRoleExternalAccess(withTrust(snapshot, auditor, trust('*', FOUR_KEYS)), org)
    assert.deepEqual(
      open.accesses.map((a) => [a.principal, a.isPublic, Object.keys(a.condition).sort()]),
      [
        [
          { AWS: '*' },
          true,
          ['aws:MultiFactorAuthPresent', 'aws:PrincipalTag/team', 'aws:SourceIp', 'sts:ExternalId'],
        ],
      ],
    )
  })

  it('four keys confined to the organization by a fifth give nothing', () => {
    const confined = analyzeRoleExternalAccess(
      withTrust(
        snapshot,
        auditor,
        trust('*', {
          ...FOUR_KEYS,
          StringEquals: {
            ...FOUR_KEYS.StringEquals,
            'aws:PrincipalOrgID': org.organizationId,
          },
        }),
      ),
      org,
    )
    assert.deepEqual(confined.accesses, [])
  })

  it('conditions no request can meet give no finding, however many keys they name', () => {
    const unsatisfiable = [
      // One key asked to be under 5 and over 10.
      {
        ...FOUR_KEYS,
        NumericLessThan: { 'aws:MultiFactorAuthAge': '5' },
        NumericGreaterThan: { 'aws:MultiFactorAuthAge': '10' },
      },
      // One key asked to equal a value and to differ from it.
      { ...FOUR_KEYS, StringNotEquals: { 'sts:ExternalId': 'Audit-7' } },
      // An address inside a block and outside it.
      { ...FOUR_KEYS, NotIpAddress: { 'aws:SourceIp': '203.0.0.0/16' } },
    ]
    for (const condition of unsatisfiable) {
      const r = analyzeRoleExternalAccess(
        withTrust(snapshot, auditor, trust({ AWS: '999999999999' }, condition)),
        org,
      )
      assert.deepEqual(r.accesses, [], JSON.stringify(condition))
    }
  })

  it('a Deny on one of the keys leaves the values that escape it', () => {
    const r = analyzeRoleExternalAccess(
      withTrust(snapshot, auditor, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '999999999999' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'sts:ExternalId': ['Audit-7', 'Audit-8'] },
              IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            },
          },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'Audit-7' } },
          },
        ],
      }),
      org,
    )
    assert.deepEqual(
      r.accesses.map((a) => a.condition),
      [
        {
          'sts:ExternalId': 'Audit-8',
          'aws:SourceIp': '203.0.113.0/24',
          'aws:MultiFactorAuthPresent': 'true',
        },
      ],
    )
  })
})
