import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { EventLoopSlice } from './event-loop-slice.ts'
import { openSqlite } from './open-sqlite.ts'

describe('EventLoopSlice', () => {
  it('lets statements run until the slice is spent, then waits for a turn of the loop', async () => {
    let now = 0
    const slice = new EventLoopSlice(5, () => now)
    assert.equal(slice.due(), undefined, 'a slice starts')
    now = 4
    assert.equal(slice.due(), undefined, 'time left')
    now = 5
    let immediateRan = false
    setImmediate(() => (immediateRan = true))
    const turn = slice.due()
    assert.ok(turn instanceof Promise, 'spent: wait for the loop')
    await turn
    assert.ok(immediateRan, 'the loop turned before the work went on')
    assert.equal(slice.due(), undefined, 'a new slice starts')
  })

  it('starts a new slice after the loop turned by itself', async () => {
    let now = 0
    const slice = new EventLoopSlice(5, () => now)
    slice.due()
    await new Promise((resolve) => setImmediate(resolve))
    now = 100
    assert.equal(slice.due(), undefined)
  })
})

describe('SQLite statements in slices', () => {
  it('lets other work run while a long run of statements goes on', async () => {
    const db = openSqlite<Record<string, never>>(':memory:')
    try {
      const STATEMENTS = 20_000
      let done = 0
      let doneWhenOtherWorkRan: number | undefined
      setImmediate(() => (doneWhenOtherWorkRan = done))
      const started = performance.now()
      for (; done < STATEMENTS; done++) await sql`select ${done} as n`.execute(db)
      const elapsed = performance.now() - started
      assert.ok(doneWhenOtherWorkRan !== undefined)
      // Only meaningful when the run outlasted a slice (it does by far: thousands of statements).
      assert.ok(elapsed > 20, `the run took ${elapsed} ms`)
      assert.ok(
        doneWhenOtherWorkRan < STATEMENTS,
        `other work waited for all ${STATEMENTS} statements`,
      )
    } finally {
      await db.destroy()
    }
  })
})
