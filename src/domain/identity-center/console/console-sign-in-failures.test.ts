import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CONSOLE_FAILURES_FORGOTTEN_AFTER_MS, consoleLockMs } from './console-sign-in-failures.ts'
import { MemoryConsoleSignInFailures } from './memory-console-sign-in-failures.ts'

const T = 1_700_000_000_000

test('the lock starts at the fifth failure, doubles, and stops at 15 minutes', () => {
  assert.deepEqual(
    [1, 4, 5, 6, 7, 14, 15, 30].map(consoleLockMs),
    [0, 0, 1000, 2000, 4000, 512_000, 900_000, 900_000],
  )
})

test('memory: locks, never shortens a lock, clears, and forgets after a day', async () => {
  const failures = new MemoryConsoleSignInFailures()
  for (let i = 1; i <= 4; i++) assert.equal(await failures.record('k', T), undefined)
  assert.equal(await failures.record('k', T), T + 1000)
  assert.equal(await failures.lockedUntil('k', T + 999), T + 1000)
  assert.equal(await failures.lockedUntil('k', T + 1000), undefined)
  assert.equal(await failures.record('k', T + 1000), T + 3000)
  assert.equal(await failures.record('k', T - 5000), T + 3000)
  await failures.clear('k')
  assert.equal(await failures.lockedUntil('k', T), undefined)
  for (let i = 1; i <= 4; i++) await failures.record('k', T)
  assert.equal(await failures.record('k', T + CONSOLE_FAILURES_FORGOTTEN_AFTER_MS + 1), undefined)
})
