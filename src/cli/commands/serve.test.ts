import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import { serveCommand } from './serve.ts'

/** Runs `xaccess serve ARGS` for its answer to bad arguments or --help (nothing is started). */
async function serve(args: readonly string[]) {
  const out = { stdout: '', stderr: '' }
  const stream = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        out[key] += chunk.toString()
        done()
      },
    })
  const status = await serveCommand(args, { stdout: stream('stdout'), stderr: stream('stderr') })
  return { status, ...out }
}

describe('xaccess serve --audit-durability', () => {
  it('is described in --help, with disk the default', async () => {
    const r = await serve(['--help'])
    assert.equal(r.status, 0)
    assert.match(r.stdout, /--audit-durability disk\|process/)
    assert.match(r.stdout, /disk \(default\) once they are on disk/)
  })

  it('takes disk or process only', async () => {
    const r = await serve(['--audit-durability', 'memory'])
    assert.equal(r.status, 2)
    assert.equal(
      r.stderr,
      "xaccess serve: --audit-durability must be one of disk, process, not 'memory'\n",
    )
  })
})
