/** Runs the command line in this process (the bin's entry, and the tests' way in from sources). */
import { main } from './main.ts'

process.exitCode = await main(process.argv.slice(2))
