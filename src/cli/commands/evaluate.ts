/** `xaccess evaluate`: cases on stdin, decisions on stdout (ARCHITECTURE.md, Contracts). */
import { compile } from '../../policy/index.ts'
import { asCase, caseShapeProblem } from '../case-shape.ts'
import { readStdin } from '../read-stdin.ts'

export const EVALUATE_HELP = `usage: xaccess evaluate < cases.json

Reads one evaluation case, or an array of cases, as JSON on standard input and writes one
result (or an array, in the same order) as JSON on standard output. Exit 0 whatever the
decisions; exit 2 when the input is not valid.

A case:
  {"request": {"principal": "arn:aws:iam::111111111111:role/app", "action": "s3:GetObject",
               "resource": "arn:aws:s3:::bucket/key", "resourceAccount": "111111111111",
               "context": {"aws:SourceIp": "10.1.2.3"}},
   "policies": {"identity": [DOC], "permissionBoundary": [DOC], "session": [DOC],
                "scp": [[ROOT DOCS], [OU DOCS], [ACCOUNT DOCS]], "rcp": [[DOCS]],
                "resource": DOC}}
A result:
  {"decision": "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied", "explanation": {...}}
`

/** Runs the command; returns the exit code. */
export async function evaluateCommand(
  argv: readonly string[],
  io: {
    stdin?: NodeJS.ReadableStream
    stdout: NodeJS.WritableStream
    stderr: NodeJS.WritableStream
  },
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(EVALUATE_HELP)
    return 0
  }
  if (argv.length > 0) {
    io.stderr.write(
      `xaccess evaluate: unexpected argument '${argv[0]}' (cases are read from stdin)\n`,
    )
    return 2
  }
  const text = await readStdin(io.stdin)
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (e) {
    const why = text.trim() === '' ? 'standard input is empty' : (e as Error).message
    io.stderr.write(`xaccess evaluate: the input is not valid JSON: ${why}\n`)
    return 2
  }
  const cases = Array.isArray(input) ? input : [input]
  for (let i = 0; i < cases.length; i++) {
    const problem = caseShapeProblem(cases[i])
    if (problem !== undefined) {
      const where = Array.isArray(input) ? `case ${i}: ` : ''
      io.stderr.write(`xaccess evaluate: ${where}${problem}\n`)
      return 2
    }
  }
  const results = cases.map((c) => {
    const { request, policies } = asCase(c)
    return compile(policies ?? {}).authorize(request)
  })
  io.stdout.write(JSON.stringify(Array.isArray(input) ? results : results[0]) + '\n')
  return 0
}
