import assert from 'node:assert/strict'
import {
  constants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { frame, JournalSegment, readJournalSegment } from './audit-journal.ts'

const dir = mkdtempSync(join(tmpdir(), 'xaccess-journal-unit-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const text = (payloads: readonly Buffer[]) => payloads.map((p) => p.toString())

describe('audit journal segment', () => {
  it('is made full of zeros, then holds its frames in order after its header', async () => {
    const segment = await JournalSegment.create(dir, 'a.journal', 8192)
    assert.equal(statSync(segment.file).size, 8192)
    assert.deepEqual(readJournalSegment(segment.file).header, undefined, 'no frame yet')
    await segment.append(Buffer.from('{"n":1}'))
    await segment.append(Buffer.from('{"n":2}'))
    const read = readJournalSegment(segment.file)
    assert.equal(read.header?.pid, process.pid)
    assert.deepEqual(text(read.payloads), ['{"n":1}', '{"n":2}'])
    assert.equal(read.end, segment.size)
    assert.equal(statSync(segment.file).size, 8192, 'frames overwrite the zeros')
    segment.close()
  })

  it('stops at a torn or altered frame', async () => {
    const segment = await JournalSegment.create(dir, 'b.journal', 4096)
    for (const n of [1, 2, 3]) await segment.append(Buffer.from(`{"n":${n}}`))
    segment.close()
    const whole = readFileSync(segment.file)
    const { end } = readJournalSegment(segment.file)
    const third = end - 8 - Buffer.byteLength('{"n":3}')
    // Cut inside the third frame: the bytes after it are zeros again.
    const torn = Buffer.concat([whole.subarray(0, end - 3), Buffer.alloc(whole.length - end + 3)])
    writeFileSync(segment.file, torn)
    assert.deepEqual(text(readJournalSegment(segment.file).payloads), ['{"n":1}', '{"n":2}'])
    // One byte of the third frame's payload changed: its checksum fails.
    const altered = Buffer.from(whole)
    altered[third + 9] = 'x'.charCodeAt(0)
    writeFileSync(segment.file, altered)
    assert.deepEqual(text(readJournalSegment(segment.file).payloads), ['{"n":1}', '{"n":2}'])
    // A length past the file's end.
    const long = Buffer.from(whole)
    long.writeUInt32LE(1 << 20, third)
    writeFileSync(segment.file, long)
    assert.deepEqual(text(readJournalSegment(segment.file).payloads), ['{"n":1}', '{"n":2}'])
  })

  it('used again, ignores the frames of its last use that are still on disk', async () => {
    const segment = await JournalSegment.create(dir, 'c.journal', 4096)
    for (const n of [1, 2, 3, 4]) await segment.append(Buffer.from(`{"old":${n}}`))
    segment.reuse()
    assert.equal(segment.size, 0)
    await segment.append(Buffer.from('{"new":1}'))
    const read = readJournalSegment(segment.file)
    assert.deepEqual(text(read.payloads), ['{"new":1}'])
    // The old frames are there, whole, each with the old salt's checksum.
    const bytes = readFileSync(segment.file)
    assert.ok(bytes.includes(Buffer.from('{"old":3}')))
    // A frame made with the new salt right after would be taken: only the salt told them apart.
    const salt = read.header!.salt
    bytes.set(frame(Buffer.from('{"new":2}'), salt), read.end)
    writeFileSync(segment.file, bytes)
    assert.deepEqual(text(readJournalSegment(segment.file).payloads), ['{"new":1}', '{"new":2}'])
    segment.close()
  })

  it('takes a first frame larger than its zeros, growing the file', async () => {
    const segment = await JournalSegment.create(dir, 'd.journal', 1024)
    assert.equal(segment.fits(5000), true, 'a first frame always fits')
    await segment.append(Buffer.from(JSON.stringify({ big: 'x'.repeat(5000) })))
    assert.equal(segment.fits(10), false)
    assert.equal(readJournalSegment(segment.file).payloads.length, 1)
    segment.close()
  })
})

/** The open flags of this process's descriptor of `file` (Linux: /proc/self/fdinfo), or undefined. */
function openFlags(file: string): number | undefined {
  try {
    for (const fd of readdirSync('/proc/self/fd')) {
      let target: string
      try {
        target = readlinkSync(`/proc/self/fd/${fd}`)
      } catch {
        continue
      }
      if (target !== file) continue
      const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
      return parseInt(/^flags:\s+([0-7]+)/m.exec(info)![1]!, 8)
    }
  } catch {
    return undefined
  }
  return undefined
}

describe(
  'audit journal durability',
  { skip: process.platform !== 'linux' && 'Linux /proc' },
  () => {
    it('disk: every write waits for the disk (O_DSYNC)', async () => {
      const segment = await JournalSegment.create(dir, 'durable-disk.journal', 4096, 'disk')
      const flags = openFlags(segment.file)
      assert.notEqual(flags, undefined)
      assert.equal(flags! & constants.O_DSYNC, constants.O_DSYNC)
      segment.close()
    })

    it('process: a write counts once the kernel holds it; sync puts it on disk', async () => {
      const segment = await JournalSegment.create(dir, 'durable-process.journal', 4096, 'process')
      const flags = openFlags(segment.file)
      assert.notEqual(flags, undefined)
      assert.equal(flags! & constants.O_DSYNC, 0, 'no O_DSYNC')
      await segment.append(Buffer.from('{"n":1}'))
      await segment.append(Buffer.from('{"n":2}'))
      // What another process reads after this one is killed: the kernel's copy.
      assert.deepEqual(text(readJournalSegment(segment.file).payloads), ['{"n":1}', '{"n":2}'])
      await segment.sync()
      await segment.sync()
      segment.reuse()
      await segment.append(Buffer.from('{"n":3}'))
      assert.deepEqual(text(readJournalSegment(segment.file).payloads), ['{"n":3}'])
      segment.close()
    })
  },
)
