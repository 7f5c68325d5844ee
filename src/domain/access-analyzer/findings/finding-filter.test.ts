import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StoredFinding } from '../analyzers/analyzer-store.ts'
import { findingAttribute, matchesFilter } from './finding-filter.ts'

const finding: StoredFinding = {
  id: 'f1',
  analyzerArn: 'arn:aws:access-analyzer:us-east-1:111111111111:analyzer/a',
  key: 'k',
  resource: 'arn:aws:iam::222222222222:role/ThirdPartyAuditor',
  resourceType: 'AWS::IAM::Role',
  resourceOwnerAccount: '222222222222',
  findingType: 'ExternalAccess',
  status: 'ACTIVE',
  createdAt: 1,
  analyzedAt: 1,
  updatedAt: 1,
  details: {
    principal: { AWS: '999999999999' },
    action: ['sts:AssumeRole'],
    condition: { 'sts:ExternalId': 'SecureCart-Audit-2024' },
    isPublic: false,
  },
}

describe('finding filters', () => {
  it('reads attributes, maps by key (condition keys case-insensitive) and lists', () => {
    assert.deepEqual(findingAttribute(finding, 'principal.AWS'), ['999999999999'])
    assert.deepEqual(findingAttribute(finding, 'condition.STS:externalid'), [
      'SecureCart-Audit-2024',
    ])
    assert.deepEqual(findingAttribute(finding, 'isPublic'), ['false'])
    assert.deepEqual(findingAttribute(finding, 'action'), ['sts:AssumeRole'])
    assert.equal(findingAttribute(finding, 'principal.Federated'), undefined)
    assert.equal(findingAttribute(finding, 'error'), undefined)
  })

  const cases: [string, Record<string, object>, boolean][] = [
    ['eq on a map key', { 'principal.AWS': { eq: ['999999999999'] } }, true],
    ['eq, none equal', { 'principal.AWS': { eq: ['123456789012'] } }, false],
    ['neq', { status: { neq: ['ARCHIVED', 'RESOLVED'] } }, true],
    ['neq, one equal', { status: { neq: ['ACTIVE'] } }, false],
    ['contains', { resource: { contains: ['Auditor'] } }, true],
    ['contains in a list', { action: { contains: ['AssumeRole'] } }, true],
    ['exists true', { 'condition.sts:ExternalId': { exists: true } }, true],
    ['exists false', { 'condition.aws:SourceIp': { exists: false } }, true],
    ['exists false on a present key', { 'condition.sts:ExternalId': { exists: false } }, false],
    [
      'every criterion must hold',
      { status: { eq: ['ACTIVE'] }, isPublic: { eq: ['true'] } },
      false,
    ],
    ['operators of one criterion all hold', { status: { eq: ['ACTIVE'], neq: ['ACTIVE'] } }, false],
    ['eq on an absent attribute', { 'principal.Federated': { eq: ['x'] } }, false],
    ['neq on an absent attribute', { 'principal.Federated': { neq: ['x'] } }, true],
    ['no criteria', {}, true],
  ]
  for (const [name, filter, expected] of cases)
    it(name, () => assert.equal(matchesFilter(finding, filter), expected))
})
