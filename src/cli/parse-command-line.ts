/**
 * What every subcommand does with its arguments first: parse them strictly, answer `--help`, and
 * refuse what it does not know with the message and the help (exit 2).
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Parsed arguments. */
export interface CommandLine {
  readonly values: Record<string, string | boolean | string[] | undefined>
  readonly positionals: string[]
}

/**
 * Parses `argv` with `options` (a `--help`/`-h` flag is added). Returns the parsed line, or the
 * exit code when there is nothing more to do: 0 after printing the help, 2 after a usage error.
 * @example
 * const line = parseCommandLine('check', argv, { json: { type: 'boolean' } }, CHECK_HELP, io)
 * if (typeof line === 'number') return line
 */
export function parseCommandLine(
  command: string,
  argv: readonly string[],
  options: ParseArgsOptionsConfig,
  help: string,
  io: Io,
  allowPositionals = false,
): CommandLine | number {
  let line: CommandLine
  try {
    line = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    })
  } catch (e) {
    io.stderr.write(`xaccess ${command}: ${(e as Error).message}\n\n${help}`)
    return 2
  }
  if (line.values.help === true) {
    io.stdout.write(help)
    return 0
  }
  return line
}
