/**
 * `npx xaccess …` with the machine's own Node and npm (which may be older than the Node 24 the
 * package pins): the command's output and nothing else — no npm engine warnings first (issue 12).
 * Runs the machine's npx from the checkout, as a person would after `npm install`.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test } from 'node:test'

const ROOT = resolve(import.meta.dirname, '..', '..')
const SYSTEM_NPX = '/usr/bin/npx'
const VERSION = (
  JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string }
).version

const missing = (() => {
  try {
    accessSync(SYSTEM_NPX, constants.X_OK)
    return undefined
  } catch {
    return `${SYSTEM_NPX} is not installed`
  }
})()

test(
  'npx xaccess --version with the machine’s npx prints only the version',
  { skip: missing ?? false },
  async (t) => {
    // The machine's PATH only: no node_modules/.bin of the test run, no Node 24 first.
    // npm's cache of its own: npx keeps per-run entries there, and another test file's npx
    // (files run two at a time) removing its entry made this one fail with ENOENT.
    const cache = mkdtempSync(join(tmpdir(), 'xaccess-npx-cache-'))
    t.after(() => rmSync(cache, { recursive: true, force: true }))
    const env = {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      LANG: 'C.UTF-8',
      npm_config_cache: cache,
    }
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) =>
      execFile(
        SYSTEM_NPX,
        ['--no-install', 'xaccess', '--version'],
        { cwd: ROOT, env, timeout: 180_000 },
        (error, stdout, stderr) =>
          error === null
            ? done({ stdout, stderr })
            : fail(new Error(`${error.message}\n${stderr}`)),
      ),
    )
    assert.equal(stderr, '')
    assert.equal(stdout, `xaccess ${VERSION}\n`)
  },
)
