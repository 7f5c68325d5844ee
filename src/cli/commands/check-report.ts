/** The three outputs of `xaccess check`: for people, JSON, and JUnit XML for CI. */
import { contractHop, describePath, type AssertionResult } from '../../analysis/index.ts'

type Out = NodeJS.WritableStream

/** Lines for people: ✔/✘, the explanation, each failure and path. */
export function printPeople(results: readonly AssertionResult[], out: Out): void {
  for (const r of results) {
    out.write(`${r.status === 'pass' ? '✔' : '✘'} ${r.name}\n    ${r.explanation}\n`)
    for (const f of r.failures) out.write(`    - ${f}\n`)
    for (const p of r.paths) out.write(`    path: ${describePath(p)}\n`)
  }
  const failed = results.filter((r) => r.status === 'fail').length
  out.write(`\n${results.length - failed} passed, ${failed} failed\n`)
}

/** The JSON document of `--json`. */
export function jsonReport(results: readonly AssertionResult[]): unknown {
  const failed = results.filter((r) => r.status === 'fail').length
  return {
    results: results.map((r) => ({
      name: r.name,
      kind: r.kind,
      status: r.status,
      explanation: r.explanation,
      failures: r.failures,
      paths: r.paths.map((p) => ({ principal: p.principal, hops: p.hops.map(contractHop) })),
    })),
    passed: results.length - failed,
    failed,
  }
}

const xml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  )

/** JUnit XML: one test case per assertion, a failure element with the reasons and paths. */
export function junitReport(
  results: readonly AssertionResult[],
  file: string,
  seconds: number,
): string {
  const failed = results.filter((r) => r.status === 'fail').length
  const cases = results.map((r) => {
    const head = `    <testcase classname="${xml(file)}" name="${xml(r.name)}" time="0">`
    if (r.status === 'pass')
      return `${head}\n      <system-out>${xml(r.explanation)}</system-out>\n    </testcase>`
    const body = [...r.failures, ...r.paths.map((p) => `path: ${describePath(p)}`)].join('\n')
    return `${head}\n      <failure message="${xml(r.explanation)}" type="${r.kind}">${xml(body)}</failure>\n    </testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="xaccess check" tests="${results.length}" failures="${failed}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="${xml(file)}" tests="${results.length}" failures="${failed}" errors="0" skipped="0" time="${seconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
