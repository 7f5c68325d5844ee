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

  it('routes templated paths with their members, URL-decoded', () => {
    assert.deepEqual(routeRequest('GET', '/analyzer/my%20analyzer?x=1', undefined), {
      kind: 'rest-json',
      service: 'access-analyzer',
      operation: 'GetAnalyzer',
      params: { analyzerName: 'my analyzer' },
    })
    assert.deepEqual(routeRequest('DELETE', '/analyzer/a/archive-rule/r', undefined), {
      kind: 'rest-json',
      service: 'access-analyzer',
      operation: 'DeleteArchiveRule',
      params: { analyzerName: 'a', ruleName: 'r' },
    })
    assert.deepEqual(routeRequest('GET', '/analyzer', undefined), {
      kind: 'rest-json',
      service: 'access-analyzer',
      operation: 'ListAnalyzers',
    })
    assert.deepEqual(routeRequest('GET', '/analyzer/', undefined), { kind: 'not-found' })
    assert.deepEqual(routeRequest('POST', '/analyzer/a', undefined), { kind: 'not-found' })
    assert.deepEqual(routeRequest('GET', '/analyzer/a/b', undefined), { kind: 'not-found' })
  })

  it('lets an X-Amz-Target decide over the path', () => {
    assert.deepEqual(
      routeRequest('POST', '/policy/validation', 'AWSOrganizationsV20161128.ListRoots'),
      { kind: 'json', service: 'organizations', operation: 'ListRoots' },
    )
  })
})
