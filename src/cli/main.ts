/** The `xaccess` command: dispatches to a subcommand and returns the exit code. */
import { readFileSync } from 'node:fs'
import { evaluateCommand } from './commands/evaluate.ts'
import { envCommand } from './commands/env.ts'
import { serveCommand } from './commands/serve.ts'
import { awsConfigCommand } from './commands/aws-config.ts'
import { ssoCommand } from './commands/sso.ts'
import { auditCommand } from './commands/audit.ts'
import { validateCommand } from './commands/validate.ts'
import { checkPolicyCommand } from './commands/check-policy.ts'
import { analyzeCommand } from './commands/analyze.ts'
import { findingsCommand } from './commands/findings.ts'
import { importCommand } from './commands/import.ts'
import { checkCommand } from './commands/check.ts'
import { planCommand } from './commands/plan.ts'
import { applyCommand } from './commands/apply.ts'
import { exportCommand } from './commands/export.ts'

/** The package's version, read from package.json (two folders up from src/cli and dist/cli). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
).version

const HELP = `usage: xaccess <command> [options]

Commands:
  serve        run the AWS-compatible endpoint (Organizations, IAM, STS, Identity Center,
               CloudTrail, Access Analyzer, the access portal and the console) on one port
  env          print export lines for the management account root's key (from bootstrap.json)
  evaluate     decide evaluation cases read from stdin with the policy engine (JSON in, JSON out)
  aws-config   write AWS CLI v2 endpoint rules and Identity Center profiles (~/.aws) for this server
  sso          Identity Center administration: set-password, scim-token
  audit        the audit trail: verify, tail, export, public-key
  validate     validate policy files as IAM Access Analyzer's ValidatePolicy does
  check-policy custom policy checks on files: no-new-access, access-not-granted, no-public-access
  analyze      who reaches what: access from a principal, who-can, privilege escalation
  findings     guardrail rules and escalation paths, by severity (exit 1 when any fails)
  check        decide an assertions file on the organization (exit 1 when any fails)
  import       import aws: collect a real AWS organization into a directory (--collect) or read one
  plan         show what applying an organization file would change on the server, field by field
  apply        apply an organization file through the API (--prune deletes what it no longer names)
  export       write the server's organization as an organization file that applies back to it

Run 'xaccess <command> --help' for a command's options.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = {
  evaluate: evaluateCommand,
  serve: serveCommand,
  env: envCommand,
  'aws-config': awsConfigCommand,
  sso: ssoCommand,
  audit: auditCommand,
  validate: validateCommand,
  'check-policy': checkPolicyCommand,
  analyze: analyzeCommand,
  findings: findingsCommand,
  import: importCommand,
  check: checkCommand,
  plan: planCommand,
  apply: applyCommand,
  export: exportCommand,
}

/** Runs the command line; returns the exit code. */
export async function main(
  argv: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(HELP)
    return 0
  }
  if (command === '--version') {
    io.stdout.write(`xaccess ${VERSION}\n`)
    return 0
  }
  const run = COMMANDS[command]
  if (run === undefined) {
    io.stderr.write(`xaccess: unknown command '${command}'\n\n${HELP}`)
    return 2
  }
  return run(rest, io)
}
