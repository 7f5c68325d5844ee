/**
 * The ways to run the corpus: each evaluator decides a batch of cases and returns one result per
 * case, in order. The library and the `xaccess evaluate` command are here; an HTTP evaluator
 * implements the same interface.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { evaluate } from '../../src/policy/index.ts'
import type { EvaluationCase, Result } from '../../src/policy/index.ts'

/** Decides a batch of cases; the results are in the order of the cases. */
export interface CorpusEvaluator {
  readonly name: string
  evaluateAll(cases: EvaluationCase[]): Promise<Result[]>
}

/** The repository root, where `bin/xaccess.js` lives. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The engine in-process, through `evaluate` of `src/policy`. */
export const libraryEvaluator: CorpusEvaluator = {
  name: 'library',
  evaluateAll(cases) {
    return Promise.resolve(cases.map((c) => evaluate(c)))
  },
}

/**
 * The `xaccess evaluate` command, started once with the whole array on stdin; it answers with an
 * array in the same order. Needs the build (`npm run build`).
 */
export const cliEvaluator: CorpusEvaluator = {
  name: 'cli',
  async evaluateAll(cases) {
    const { code, stdout, stderr } = await run(
      process.execPath,
      ['bin/xaccess.js', 'evaluate'],
      JSON.stringify(cases),
    )
    if (code !== 0) {
      throw new Error(`xaccess evaluate exited with ${code}: ${stderr.trim()}`)
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(stdout)
    } catch {
      throw new Error(`xaccess evaluate did not print JSON: ${stdout.slice(0, 200)}`)
    }
    if (!Array.isArray(parsed) || parsed.length !== cases.length) {
      throw new Error(`xaccess evaluate returned ${describe(parsed)} for ${cases.length} cases`)
    }
    return parsed as Result[]
  },
}

/** Every evaluator the conformance test runs. */
export const EVALUATORS: readonly CorpusEvaluator[] = [libraryEvaluator, cliEvaluator]

function describe(value: unknown): string {
  return Array.isArray(value) ? `${value.length} results` : typeof value
}

interface RunResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function run(command: string, args: readonly string[], input: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
    child.stdin.end(input)
  })
}
