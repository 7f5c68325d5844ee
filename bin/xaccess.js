#!/usr/bin/env node
// The `xaccess` command. The package pins Node 24 through the npm package `node`; when this file
// is started by an older Node (the machine's own), it re-executes itself under the pinned one.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  const require = createRequire(import.meta.url)
  let pinned
  try {
    pinned = require.resolve('node/bin/node')
  } catch {
    process.stderr.write(
      `xaccess needs Node 24 or later (this is ${process.version}); run npm install\n`,
    )
    process.exit(2)
  }
  const run = spawnSync(pinned, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], {
    stdio: 'inherit',
  })
  process.exit(run.status ?? 1)
} else {
  const { main } = await import('../dist/cli/main.js')
  process.exitCode = await main(process.argv.slice(2))
}
