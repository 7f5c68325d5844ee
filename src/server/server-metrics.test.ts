import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ServerMetrics } from './server-metrics.ts'

describe('ServerMetrics', () => {
  it('counts requests, latencies, decisions, cache lookups and the pool; Node’s own metrics too', async () => {
    const m = new ServerMetrics({ pool: () => ({ total: 4, idle: 3, waiting: 1 }) })
    m.request('sts', 'AssumeRole', 200, 0.002)
    m.request('sts', 'AssumeRole', 200, 0.02)
    m.request('iam', 'CreateUser', 403, 0.001)
    m.decision('Allowed')
    m.decision('ImplicitlyDenied')
    m.lookup('compiled-policies', 'hit')
    m.lookup('compiled-policies', 'hit')
    m.lookup('compiled-policies', 'miss')
    const text = await m.text()
    assert.match(
      text,
      /^xaccess_requests_total\{service="sts",operation="AssumeRole",status="200"\} 2$/m,
    )
    assert.match(
      text,
      /^xaccess_requests_total\{service="iam",operation="CreateUser",status="403"\} 1$/m,
    )
    assert.match(
      text,
      /^xaccess_request_duration_seconds_bucket\{le="0.005",service="sts",operation="AssumeRole"\} 1$/m,
    )
    assert.match(
      text,
      /^xaccess_request_duration_seconds_count\{service="sts",operation="AssumeRole"\} 2$/m,
    )
    assert.match(text, /^xaccess_authorization_decisions_total\{decision="ImplicitlyDenied"\} 1$/m)
    assert.match(text, /^xaccess_cache_lookups_total\{cache="compiled-policies",result="hit"\} 2$/m)
    assert.match(
      text,
      /^xaccess_cache_lookups_total\{cache="compiled-policies",result="miss"\} 1$/m,
    )
    assert.match(text, /^xaccess_db_pool_connections\{state="waiting"\} 1$/m)
    assert.match(text, /^nodejs_eventloop_lag_p99_seconds /m)
  })

  it('two servers in one process keep separate counts', async () => {
    const a = new ServerMetrics()
    const b = new ServerMetrics()
    a.decision('Allowed')
    assert.match(await a.text(), /decision="Allowed"\} 1$/m)
    assert.doesNotMatch(await b.text(), /decision="Allowed"/)
  })
})
