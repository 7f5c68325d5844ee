// The worker thread of SqliteAuditWriter: its own `node:sqlite` connection to the store's file,
// on which it commits the audit trail's group commits. `node:sqlite` is synchronous: a commit's
// fsync here blocks this thread only, never the server's event loop. One message, one
// transaction; the answer is posted once it has committed: on disk (synchronous = FULL) for rows,
// in the WAL without waiting for the disk (NORMAL) for journal frames, which the journal holds
// durably until a `sync` message has put those commits on disk.
import { closeSync, fsyncSync, openSync } from 'node:fs'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'
import type { AuditDigest } from '../../domain/cloudtrail/index.ts'
import { digestRow, eventRow, resourceRows } from './audit-rows.ts'
import { decodeJournalBatch } from './journal-payload.ts'
import type { AuditAppendMessage, AuditAppendReply } from './sqlite-audit-writer.ts'

const { file } = workerData as { file: string }
const db = new DatabaseSync(file)
// As the server's own connection (open-sqlite.ts), except that lock waits may block here: this
// thread has nothing else to do while another connection holds the write lock.
for (const pragma of ['busy_timeout = 10000', 'synchronous = FULL', 'foreign_keys = ON']) {
  db.exec(`pragma ${pragma}`)
}

const statements = new Map<string, StatementSync>()
function statement(table: string, columns: readonly string[]): StatementSync {
  const sql = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`
  let prepared = statements.get(sql)
  if (prepared === undefined) statements.set(sql, (prepared = db.prepare(sql)))
  return prepared
}

/** The insert of each table, for rows as `audit-rows.ts` makes them. */
const byTable = new Map<string, StatementSync>()

/**
 * Inserts one row (an object whose keys are its columns). INVARIANT: `audit-rows.ts` gives every
 * row of a table the same keys in the same order, so the first row's statement fits them all.
 */
function insertRow(table: string, row: object): void {
  let insert = byTable.get(table)
  if (insert === undefined) byTable.set(table, (insert = statement(table, Object.keys(row))))
  const values = Object.values(row) as (string | number | null | undefined)[]
  for (let i = 0; i < values.length; i++) values[i] ??= null
  insert.run(...(values as (string | number | null)[]))
}

const decoder = new TextDecoder()

let synchronous = 'FULL'
/** Sets how the next commit waits for the disk. */
function waitForDisk(mode: 'FULL' | 'NORMAL'): void {
  if (synchronous !== mode) db.exec(`pragma synchronous = ${mode}`)
  synchronous = mode
}

/**
 * Puts every transaction committed so far on disk: the WAL holds what no checkpoint has copied
 * into the database file yet, and a checkpoint syncs that file before the WAL is reused.
 */
function sync(): void {
  for (const path of [file, `${file}-wal`]) {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch (e) {
      // No WAL: every commit was checkpointed into the file, synced.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw e
    }
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }
}

function append(message: AuditAppendMessage): void {
  if ('sync' in message) return sync()
  waitForDisk('tables' in message ? 'FULL' : 'NORMAL')
  db.exec('begin immediate')
  try {
    if ('tables' in message) {
      for (const [table, columns, rows] of message.tables) {
        const insert = statement(table, columns)
        for (const row of rows) insert.run(...row)
      }
    } else {
      const digests: AuditDigest[] = []
      let at = 0
      for (const length of message.lengths) {
        const batch = decodeJournalBatch(
          decoder.decode(message.payloads.subarray(at, (at += length))),
        )
        for (const e of batch.events) {
          insertRow('audit_event', eventRow(e))
          for (const r of resourceRows(e)) insertRow('audit_event_resource', r)
        }
        if (batch.digest !== undefined) digests.push(batch.digest)
      }
      for (const d of digests) insertRow('audit_digest', digestRow(d))
    }
    db.exec('commit')
  } catch (error) {
    if (db.isTransaction) db.exec('rollback')
    throw error
  }
}

parentPort!.on('message', (message: AuditAppendMessage | 'close') => {
  if (message === 'close') {
    db.close()
    parentPort!.close()
    return
  }
  let reply: AuditAppendReply
  try {
    append(message)
    reply = { id: message.id, ok: true }
  } catch (error) {
    reply = {
      id: message.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    }
  }
  parentPort!.postMessage(reply)
})
