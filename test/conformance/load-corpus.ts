/**
 * Loads the conformance corpus: every `*.json` file in this folder is an array of cases, each
 * taken from a section of the AWS documentation. Loading validates the shape of every case, so a
 * typo in the corpus fails loudly instead of silently testing nothing.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { DECISION_RULES, DECISIONS } from '../../src/policy/index.ts'
import type {
  Decision,
  DecisionRule,
  EvaluationCase,
  PolicySet,
  Request,
} from '../../src/policy/index.ts'

/** One corpus case: an evaluation case plus where its expected decision comes from. */
export interface CorpusCase extends EvaluationCase {
  readonly name: string
  /** The AWS documentation page and section that decides `expected`. */
  readonly source: string
  readonly note?: string
  readonly expected: Decision
  /** The rule of AWS's the explanation must name, when one decides the case. */
  readonly rule?: DecisionRule
}

/** The cases of one JSON file. */
export interface CorpusFile {
  /** The file name without `.json`, e.g. `string-operators`. */
  readonly feature: string
  readonly path: string
  readonly cases: readonly CorpusCase[]
}

/** The folder holding the corpus. */
export const CORPUS_DIR = import.meta.dirname

const CASE_KEYS = new Set(['name', 'source', 'note', 'request', 'policies', 'expected', 'rule'])
const REQUEST_KEYS = new Set([
  'principal',
  'action',
  'resource',
  'resourceAccount',
  'context',
  'managementAccount',
])
const POLICY_KEYS = new Set(['identity', 'permissionBoundary', 'session', 'scp', 'rcp', 'resource'])
const SOURCE_PATTERN = /^https:\/\/docs\.aws\.amazon\.com\/\S+ — \S/

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isScalar = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'

function checkRequest(value: unknown, problems: string[]): void {
  if (!isRecord(value)) {
    problems.push('request must be an object')
    return
  }
  for (const key of Object.keys(value)) {
    if (!REQUEST_KEYS.has(key)) problems.push(`request has an unknown field "${key}"`)
  }
  const principal = value.principal
  const anonymous =
    isRecord(principal) && principal.type === 'Anonymous' && Object.keys(principal).length === 1
  if (!anonymous && (typeof principal !== 'string' || principal === '')) {
    problems.push('request.principal must be a non-empty string or {"type": "Anonymous"}')
  }
  for (const key of ['action', 'resource'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') {
      problems.push(`request.${key} must be a non-empty string`)
    }
  }
  for (const key of ['resourceAccount', 'managementAccount'] as const) {
    if (value[key] !== undefined && !/^\d{12}$/.test(String(value[key]))) {
      problems.push(`request.${key} must be a 12-digit account id`)
    }
  }
  const context = value.context
  if (context === undefined) return
  if (!isRecord(context)) {
    problems.push('request.context must be an object')
    return
  }
  for (const [key, entry] of Object.entries(context)) {
    const ok = Array.isArray(entry) ? entry.every(isScalar) : isScalar(entry)
    if (!ok) problems.push(`request.context["${key}"] must be a scalar or an array of scalars`)
  }
}

function checkPolicies(value: unknown, problems: string[]): void {
  if (!isRecord(value)) {
    problems.push('policies must be an object')
    return
  }
  for (const key of Object.keys(value)) {
    if (!POLICY_KEYS.has(key)) problems.push(`policies has an unknown field "${key}"`)
  }
  for (const key of ['identity', 'permissionBoundary', 'session'] as const) {
    if (value[key] !== undefined && !Array.isArray(value[key])) {
      problems.push(`policies.${key} must be an array of documents`)
    }
  }
  for (const key of ['scp', 'rcp'] as const) {
    const levels = value[key]
    if (levels === undefined) continue
    if (!Array.isArray(levels) || !levels.every((level) => Array.isArray(level))) {
      problems.push(`policies.${key} must be an array of levels, each an array of documents`)
    }
  }
}

/** Returns the problems of one raw case (empty when it is valid). */
export function validateCase(raw: unknown): string[] {
  const problems: string[] = []
  if (!isRecord(raw)) return ['a case must be an object']
  for (const key of Object.keys(raw)) {
    if (!CASE_KEYS.has(key)) problems.push(`unknown field "${key}"`)
  }
  if (typeof raw.name !== 'string' || raw.name.trim() === '') {
    problems.push('name must be a non-empty string')
  }
  if (typeof raw.source !== 'string' || !SOURCE_PATTERN.test(raw.source)) {
    problems.push('source must be "https://docs.aws.amazon.com/… — Section heading"')
  }
  if (raw.note !== undefined && typeof raw.note !== 'string') problems.push('note must be a string')
  if (!(DECISIONS as readonly unknown[]).includes(raw.expected)) {
    problems.push(`expected must be one of ${DECISIONS.join(', ')}`)
  }
  if (raw.rule !== undefined && !(DECISION_RULES as readonly unknown[]).includes(raw.rule)) {
    problems.push(`rule must be one of ${DECISION_RULES.join(', ')}`)
  }
  checkRequest(raw.request, problems)
  checkPolicies(raw.policies, problems)
  return problems
}

/**
 * Reads and validates every corpus file in `dir`, sorted by name. Throws one error listing every
 * problem found (invalid JSON, invalid case, or a case name used twice anywhere in the corpus).
 */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusFile[] {
  const files: CorpusFile[] = []
  const problems: string[] = []
  const seen = new Map<string, string>()
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
  for (const file of names) {
    const path = join(dir, file)
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      problems.push(`${file}: not valid JSON (${(error as Error).message})`)
      continue
    }
    if (!Array.isArray(parsed) || parsed.length === 0) {
      problems.push(`${file}: must be a non-empty array of cases`)
      continue
    }
    parsed.forEach((raw: unknown, index) => {
      const label = isRecord(raw) && typeof raw.name === 'string' ? raw.name : `#${index}`
      for (const problem of validateCase(raw)) problems.push(`${file} [${label}]: ${problem}`)
      if (isRecord(raw) && typeof raw.name === 'string') {
        const previous = seen.get(raw.name)
        if (previous !== undefined)
          problems.push(`${file} [${raw.name}]: name also used in ${previous}`)
        seen.set(raw.name, file)
      }
    })
    files.push({ feature: basename(file, '.json'), path, cases: parsed as CorpusCase[] })
  }
  if (problems.length > 0) {
    throw new Error(`invalid conformance corpus:\n  ${problems.join('\n  ')}`)
  }
  return files
}

/** The evaluation case of a corpus case: its request and policies, nothing else. */
export function toEvaluationCase(c: CorpusCase): EvaluationCase {
  const request: Request = c.request
  const policies: PolicySet = c.policies
  return { request, policies }
}
