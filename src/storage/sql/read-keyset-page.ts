import { sql } from 'kysely'
import type { Expression, SelectQueryBuilder } from 'kysely'
import type { Page, PageRequest } from '../../domain/common/page.ts'
import { readPage } from './read-page.ts'

/** A text column the rows carry, named as they carry it or qualified by its table (`g.name_key`). */
export type KeyColumn<O> = {
  [K in keyof O & string]: O[K] extends string ? K | `${string}.${K}` : never
}[keyof O & string]

/**
 * What a keyset page is ordered by: a text column, or an expression together with the column the
 * query selects it as (`[sql\`a || '/' || b\`, 'sort_key']`).
 */
export type PageKey<O> = KeyColumn<O> | readonly [expression: Expression<string>, as: KeyColumn<O>]

/**
 * Reads one page of `query` by keyset on `key`: the rows after the page token's key, ordered by
 * the key, then mapped by `map`. `query` holds the filters only; this adds the key's bound, the
 * order and the limit.
 *
 * @example
 * readKeysetPage(page, db.selectFrom('iam_user').selectAll().where('account_id', '=', id), 'name_key', toUser)
 */
export function readKeysetPage<DB, TB extends keyof DB, O, T>(
  page: PageRequest | undefined,
  query: SelectQueryBuilder<DB, TB, O>,
  key: PageKey<O>,
  map: (row: O) => T,
): Promise<Page<T>> {
  const [expression, column] = typeof key === 'string' ? [sql.ref<string>(key), key] : key
  // INVARIANT: a KeyColumn names a text field of the rows, after its table qualifier if any.
  const field = column.slice(column.lastIndexOf('.') + 1) as keyof O
  return readPage(
    page,
    (after, limit) =>
      (after === undefined ? query : query.where(sql<boolean>`${expression} > ${after}`))
        .orderBy(expression)
        .limit(limit)
        .execute() as Promise<O[]>,
    (row) => row[field] as string,
    map,
  )
}
