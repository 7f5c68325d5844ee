/**
 * `xaccess check`: decides an assertions file against an organization (a server's store, an
 * organization file or an AWS import, no server needed); exit 1 when any assertion fails.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseCommandLine } from '../parse-command-line.ts'
import {
  analyzeSnapshot,
  checkAssertions,
  isActionPattern,
  type Assertion,
} from '../../analysis/index.ts'
import { formatAssertionsProblems, parseAssertionsFile } from '../../domain/assertions/index.ts'
import { loadActionCatalog } from '../../domain/snapshots/index.ts'
import { jsonReport, junitReport, printPeople } from './check-report.ts'
import { loadSnapshot, ORGANIZATION_OPTIONS, UsageError } from './organization-input.ts'

export const CHECK_HELP = `usage: xaccess check (--data-dir DIR | --database URL | --org FILE | --import DIR |
       --server URL) --assert FILE [--junit OUT] [--json]

Decides each assertion of FILE (YAML, schemas/assertions.schema.json) on the organization:
  - can:     {who: WHO, action: A, resource: R, resourceAccount: ACCOUNT, onlyWith: {KEY: VALUE}}
  - cannot:  {who: WHO, action: A, resource: R}
  - nobodyOutside: {who: [WHO, …], can: A, in: any | [ACCOUNT, …], resource: R}
  - noExternalAssumeWithoutExternalId: true
  - everyRole: {ou: PATH, has: permissionsBoundary, except: [NAME-PATTERN, …]}   (everyUser too)
WHO: an ARN pattern, group:ACCOUNT/NAME (IAM), group:NAME (Identity Center),
role:ACCOUNT/PATTERN or user:ACCOUNT/PATTERN; ACCOUNT a name or an id; {{account:NAME}} in ARNs.
Each result says pass or fail, why, and the paths.

  --json        {"results": [{"name", "kind", "status", "explanation", "failures", "paths"}],
                 "passed", "failed"}
  --junit OUT   also write JUnit XML to OUT (one test case per assertion)
  --server URL  read a running server's organization through its API (the calls of
                'xaccess import aws --collect', signed with the environment's credentials:
                an IAM administrator of the management account) into memory

Exit 0 when every assertion passes, 1 when any fails, 2 on bad usage or a bad assertions file
(each problem with its line and column).
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Reads and checks the assertions file; a UsageError with line and column when bad. */
function readAssertions(file: string): readonly Assertion[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`)
  }
  const parsed = parseAssertionsFile(text, file)
  if (!parsed.ok) throw new UsageError(formatAssertionsProblems(parsed.problems, file))
  return parsed.assertions
}

/** Runs `xaccess check`. */
export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'check',
    argv,
    {
      ...ORGANIZATION_OPTIONS,
      assert: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'boolean' },
    },
    CHECK_HELP,
    io,
  )
  if (typeof line === 'number') return line
  const { values } = line
  const started = performance.now()
  try {
    if (typeof values.assert !== 'string')
      throw new UsageError('give the assertions: --assert FILE')
    const assertions = readAssertions(values.assert)
    const snapshot = await loadSnapshot(values)
    const patterns = assertions.flatMap((a) =>
      'action' in a && isActionPattern(a.action) ? [a.action] : [],
    )
    const catalog = patterns.length === 0 ? undefined : await loadActionCatalog(patterns)
    const analysis = analyzeSnapshot(snapshot)
    const results = checkAssertions({ analysis, snapshot, catalog }, assertions)
    if (typeof values.junit === 'string')
      writeFileSync(
        values.junit,
        junitReport(results, values.assert, (performance.now() - started) / 1000),
      )
    if (values.json === true) io.stdout.write(JSON.stringify(jsonReport(results), null, 2) + '\n')
    else printPeople(results, io.stdout)
    return results.some((r) => r.status === 'fail') ? 1 : 0
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`xaccess check: ${e.message}\n`)
      return 2
    }
    io.stderr.write(`xaccess check: ${(e as Error).message}\n`)
    return 2
  }
}
