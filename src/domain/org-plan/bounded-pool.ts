/**
 * Runs `work` on every item with at most `limit` at once; resolves with the results in the items'
 * order. A rejected item rejects the whole run after the running ones settle.
 * @example const docs = await boundedPool(accounts, 8, (a) => readAccount(a))
 */
export async function boundedPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++
      try {
        results[i] = await work(items[i]!, i)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  if (failure !== undefined) throw failure.error
  return results
}
