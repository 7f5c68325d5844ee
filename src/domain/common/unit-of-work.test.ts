import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { whenUnitEnds, withUnitEndEffects } from './unit-of-work.ts'

describe('unit end effects', () => {
  it('runs an effect at once and again when the unit ends, awaiting what it returns', async () => {
    const log: string[] = []
    let release!: () => void
    const told = new Promise<void>((ok) => (release = ok))
    let call = 0
    const unit = withUnitEndEffects(async () => {
      whenUnitEnds('k', () => {
        call++
        log.push(`effect ${call}`)
        // The second run (after the unit) tells another node: the unit waits for it.
        return call === 2 ? told.then(() => log.push('told')) : undefined
      })
      log.push('work')
      return 42
    }).then((v) => {
      log.push('resolved')
      return v
    })
    await new Promise((ok) => setTimeout(ok, 10))
    assert.deepEqual(log, ['effect 1', 'work', 'effect 2'], 'not resolved before the effect')
    release()
    assert.equal(await unit, 42)
    assert.deepEqual(log, ['effect 1', 'work', 'effect 2', 'told', 'resolved'])
  })

  it('runs the effects of a failed unit too, then rejects with its error', async () => {
    let runs = 0
    await assert.rejects(
      withUnitEndEffects(async () => {
        whenUnitEnds('k', async () => {
          runs++
        })
        throw new Error('boom')
      }),
      /boom/,
    )
    assert.equal(runs, 2)
  })

  it('runs an effect once outside a unit', () => {
    let runs = 0
    whenUnitEnds('k', () => runs++)
    assert.equal(runs, 1)
  })
})
