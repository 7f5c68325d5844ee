import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StoreError } from '../../domain/common/store-error.ts'
import { readPage } from './read-page.ts'

const KEYS = ['a', 'b', 'c', 'd', 'e']

/** Keyset reads over KEYS, as a store's query would return them. */
const fetch = async (after: string | undefined, limit: number) =>
  KEYS.filter((k) => after === undefined || k > after).slice(0, limit)

const read = (maxResults?: number, nextToken?: string) =>
  readPage(
    {
      ...(maxResults === undefined ? {} : { maxResults }),
      ...(nextToken === undefined ? {} : { nextToken }),
    },
    fetch,
    (k) => k,
    (k) => k.toUpperCase(),
  )

describe('readPage', () => {
  it('pages through every row once, the last page without a token', async () => {
    const first = await read(2)
    assert.deepEqual(first.items, ['A', 'B'])
    const second = await read(2, first.nextToken)
    assert.deepEqual(second.items, ['C', 'D'])
    const last = await read(2, second.nextToken)
    assert.deepEqual(last, { items: ['E'] })
  })

  it('reads everything in one page when it fits', async () => {
    assert.deepEqual(await read(5), { items: ['A', 'B', 'C', 'D', 'E'] })
    assert.deepEqual(await read(), { items: ['A', 'B', 'C', 'D', 'E'] })
  })

  it('refuses a token it did not issue', async () => {
    for (const token of ['garbage', Buffer.from('["v0","a"]').toString('base64url')]) {
      await assert.rejects(
        read(2, token),
        (e: unknown) => e instanceof StoreError && e.kind === 'InvalidNextToken',
      )
    }
  })

  it('refuses a page size that is not a positive integer', async () => {
    for (const size of [0, -1, 1.5]) await assert.rejects(read(size), RangeError)
  })
})
