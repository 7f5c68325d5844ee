// Keeps the error registry and the operation list in step with AWS's model of the service, as
// the official SDK (@aws-sdk/client-organizations) carries it: every code is an exception of the
// service, every Reason one of its enum values, every operation one of its commands.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as sdk from '@aws-sdk/client-organizations'
import { PolicyGeneration } from '../authorization/policy-generation.ts'
import { CONSTRAINT_VIOLATION_REASONS, INVALID_INPUT_REASONS, orgErrors } from './errors.ts'
import type { OrganizationsStore } from './organizations-store.ts'
import { createOrganizationsService } from './organizations-service.ts'
import { FakeProvisioner } from './organizations.fixture.ts'

const exported = sdk as unknown as Record<string, unknown>

test('every error code is an AWS Organizations exception', () => {
  for (const code of Object.keys(orgErrors)) {
    assert.equal(typeof exported[code], 'function', `${code} is not in the SDK`)
  }
})

test('every Reason is one of AWS enum values', () => {
  const cv = Object.values(sdk.ConstraintViolationExceptionReason) as string[]
  for (const reason of Object.keys(CONSTRAINT_VIOLATION_REASONS))
    assert.ok(cv.includes(reason), reason)
  const ii = Object.values(sdk.InvalidInputExceptionReason) as string[]
  for (const reason of Object.keys(INVALID_INPUT_REASONS)) assert.ok(ii.includes(reason), reason)
})

test('errors carry their code, status, message and Reason', () => {
  const e = orgErrors.ConstraintViolationException('OU_DEPTH_LIMIT_EXCEEDED')
  assert.equal(e.code, 'ConstraintViolationException')
  assert.equal(e.httpStatus, 409)
  assert.equal(e.message, 'You attempted to create an OU tree that is too many levels deep.')
  assert.deepEqual(e.fields, { Reason: 'OU_DEPTH_LIMIT_EXCEEDED' })
  assert.equal(orgErrors.AccountNotFoundException().httpStatus, 404)
  assert.equal(orgErrors.AccessDeniedException().httpStatus, 403)
})

test('every operation is an AWS Organizations command, and the issue lists them all', () => {
  const service = createOrganizationsService({
    store: {} as OrganizationsStore,
    provisioner: new FakeProvisioner(),
    generation: new PolicyGeneration(),
  })
  assert.equal(service.name, 'organizations')
  const names = Object.keys(service.operations)
  for (const name of names) {
    assert.equal(typeof exported[`${name}Command`], 'function', `${name} is not an SDK command`)
  }
  assert.deepEqual(names.sort(), [
    'AttachPolicy',
    'CreateAccount',
    'CreateOrganizationalUnit',
    'CreatePolicy',
    'DeleteOrganizationalUnit',
    'DeletePolicy',
    'DescribeAccount',
    'DescribeCreateAccountStatus',
    'DescribeOrganization',
    'DescribeOrganizationalUnit',
    'DescribePolicy',
    'DetachPolicy',
    'DisablePolicyType',
    'EnablePolicyType',
    'ListAccounts',
    'ListAccountsForParent',
    'ListChildren',
    'ListCreateAccountStatus',
    'ListOrganizationalUnitsForParent',
    'ListParents',
    'ListPolicies',
    'ListPoliciesForTarget',
    'ListRoots',
    'ListTagsForResource',
    'ListTargetsForPolicy',
    'MoveAccount',
    'RemoveAccountFromOrganization',
    'TagResource',
    'UntagResource',
    'UpdateOrganizationalUnit',
    'UpdatePolicy',
  ])
})
