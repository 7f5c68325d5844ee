/**
 * Runs a script (the rest of the command line) in this process and, at exit, writes its peak
 * resident set size to stderr as `xaccess-max-rss-kib N`, for the benchmarks.
 */
import { pathToFileURL } from 'node:url'

const [script, ...args] = process.argv.slice(2)
if (script === undefined) throw new Error('usage: measure-rss.ts SCRIPT [ARGS…]')
process.argv = [process.argv[0]!, script, ...args]
process.on('exit', () => {
  process.stderr.write(`\nxaccess-max-rss-kib ${process.resourceUsage().maxRSS}\n`)
})
await import(pathToFileURL(script).href)
