// The worker thread of SqliteAuditWriter: its own `node:sqlite` connection to the store's file,
// on which it commits the audit trail's group commits. `node:sqlite` is synchronous: a commit's
// fsync here blocks this thread only, never the server's event loop. One message, one
// transaction; the answer is posted once it has committed (durable: synchronous = FULL).
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'
import type { AuditDigest, StoredEvent } from '../../domain/cloudtrail/index.ts'
import { digestRow, eventRow, resourceRows } from './audit-rows.ts'
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

/** Inserts one row (an object whose keys are its columns). */
function insertRow(table: string, row: object): void {
  const columns = Object.keys(row)
  const values = Object.values(row) as (string | number | null | undefined)[]
  statement(table, columns).run(...values.map((v) => v ?? null))
}

const decoder = new TextDecoder()

function append(message: AuditAppendMessage): void {
  db.exec('begin immediate')
  try {
    if ('tables' in message) {
      for (const [table, columns, rows] of message.tables) {
        const insert = statement(table, columns)
        for (const row of rows) insert.run(...row)
      }
    } else {
      const digests: AuditDigest[] = []
      for (const payload of message.payloads) {
        const batch = JSON.parse(decoder.decode(payload)) as {
          events: StoredEvent[]
          digest?: AuditDigest
        }
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
