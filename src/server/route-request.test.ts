import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { routeRequest } from './route-request.ts'

describe('routeRequest: rest-json', () => {
  it('routes POST /policy/validation to Access Analyzer, whatever the query string', () => {
    const route = { kind: 'rest-json', service: 'access-analyzer', operation: 'ValidatePolicy' }
    assert.deepEqual(routeRequest('POST', '/policy/validation', undefined), route)
    assert.deepEqual(
      routeRequest('POST', '/policy/validation?maxResults=1&nextToken=abc', undefined),
      route,
    )
  })

  it('leaves other methods and paths alone', () => {
    assert.deepEqual(routeRequest('GET', '/policy/validation', undefined), { kind: 'not-found' })
    assert.deepEqual(routeRequest('POST', '/policy/validations', undefined), { kind: 'not-found' })
    assert.deepEqual(routeRequest('POST', '/', undefined), { kind: 'query' })
  })

  it('lets an X-Amz-Target decide over the path', () => {
    assert.deepEqual(
      routeRequest('POST', '/policy/validation', 'AWSOrganizationsV20161128.ListRoots'),
      { kind: 'json', service: 'organizations', operation: 'ListRoots' },
    )
  })
})
