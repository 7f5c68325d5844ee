/** The `xaccess` command: dispatches to a subcommand and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write('usage: xaccess <command>\n')
    return 0
  }
  process.stderr.write(`xaccess: unknown command '${command}'\n`)
  return 2
}
