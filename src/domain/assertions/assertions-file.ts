/**
 * The assertions file (`xaccess check --assert FILE`): YAML (or JSON), described by
 * schemas/assertions.schema.json. A problem is reported with its line and column and the path
 * inside the document.
 * @example
 * parseAssertionsFile('assertions:\n  - cannot: {who: "user:Dev/*", action: iam:CreateUser, resource: "*"}\n', 'a.yaml')
 */
import { LineCounter, parseDocument, type Document } from 'yaml'
import type { Assertion, Who } from '../../analysis/index.ts'

/** A problem of the file. */
export interface AssertionsProblem {
  readonly line: number
  readonly column: number
  /** The path inside the document, such as `assertions[2].can.action`. */
  readonly path: string
  readonly message: string
}

export type ParsedAssertions =
  | { readonly ok: true; readonly assertions: readonly Assertion[] }
  | { readonly ok: false; readonly problems: readonly AssertionsProblem[] }

type Path = readonly (string | number)[]

class Problems {
  readonly list: AssertionsProblem[] = []
  private readonly doc: Document
  private readonly lines: LineCounter
  constructor(doc: Document, lines: LineCounter) {
    this.doc = doc
    this.lines = lines
  }
  add(path: Path, message: string): void {
    let node: unknown
    for (let n = path.length; n >= 0 && node === undefined; n--) {
      node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true)
      if (node !== undefined && (node as { range?: unknown }).range === undefined) node = undefined
    }
    const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0
    const pos = this.lines.linePos(offset)
    this.list.push({ line: pos.line, column: pos.col, path: pathText(path), message })
  }
}

const pathText = (path: Path): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top)'

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const KINDS = {
  can: ['who', 'action', 'resource', 'resourceAccount', 'onlyWith'],
  cannot: ['who', 'action', 'resource', 'resourceAccount'],
  nobodyOutside: ['who', 'can', 'in', 'resource'],
  noExternalAssumeWithoutExternalId: [],
  everyRole: ['ou', 'accounts', 'has', 'except'],
  everyUser: ['ou', 'accounts', 'has', 'except'],
} as const
type Kind = keyof typeof KINDS

/** Parses and checks an assertions file. */
export function parseAssertionsFile(text: string, fileName: string): ParsedAssertions {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0])
        return {
          line: pos.line,
          column: pos.col,
          path: '(syntax)',
          message: e.message.split('\n')[0]!,
        }
      }),
    }
  }
  const problems = new Problems(doc, lines)
  const value: unknown = doc.toJS()
  const assertions: Assertion[] = []
  if (!isObj(value) || !Array.isArray(value.assertions)) {
    problems.add([], `${fileName}: expected a mapping with 'assertions', a list`)
    return { ok: false, problems: problems.list }
  }
  for (const key of Object.keys(value))
    if (key !== 'assertions' && key !== '$schema')
      problems.add([key], `unknown key '${key}' (expected assertions)`)
  value.assertions.forEach((item: unknown, i: number) => {
    const at: Path = ['assertions', i]
    if (!isObj(item)) return problems.add(at, 'expected a mapping with one assertion')
    const kinds = Object.keys(item).filter((k) => k in KINDS) as Kind[]
    for (const k of Object.keys(item))
      if (!(k in KINDS) && k !== 'name')
        problems.add(
          [...at, k],
          `unknown key '${k}' (expected one of name, ${Object.keys(KINDS).join(', ')})`,
        )
    if (kinds.length !== 1)
      return problems.add(at, `expected exactly one of ${Object.keys(KINDS).join(', ')}`)
    const kind = kinds[0]!
    if (item.name !== undefined && typeof item.name !== 'string')
      problems.add([...at, 'name'], 'expected a string')
    const body = item[kind]
    const bodyAt: Path = [...at, kind]
    const name = typeof item.name === 'string' ? item.name : `${kind} #${i + 1}`
    if (kind === 'noExternalAssumeWithoutExternalId') {
      if (body !== true) problems.add(bodyAt, 'expected true')
      else assertions.push({ kind, name })
      return
    }
    if (!isObj(body)) return problems.add(bodyAt, 'expected a mapping')
    for (const k of Object.keys(body))
      if (!(KINDS[kind] as readonly string[]).includes(k))
        problems.add([...bodyAt, k], `unknown key '${k}' (expected ${KINDS[kind].join(', ')})`)
    const str = (k: string, required: boolean): string | undefined => {
      const v = body[k]
      if (v === undefined) {
        if (required) problems.add(bodyAt, `'${k}' is required`)
        return undefined
      }
      if (typeof v !== 'string' || v === '') {
        problems.add([...bodyAt, k], 'expected a non-empty string')
        return undefined
      }
      return v
    }
    const strings = (k: string, required: boolean, empty = false): string[] | undefined => {
      const v = body[k]
      if (v === undefined) {
        if (required) problems.add(bodyAt, `'${k}' is required`)
        return undefined
      }
      const list = typeof v === 'string' ? [v] : v
      if (
        !Array.isArray(list) ||
        (list.length === 0 && !empty) ||
        list.some((x) => typeof x !== 'string' || x === '')
      ) {
        problems.add([...bodyAt, k], 'expected a string or a non-empty list of strings')
        return undefined
      }
      return list as string[]
    }
    const before = problems.list.length
    if (kind === 'can' || kind === 'cannot') {
      const who = str('who', true)
      const action = str('action', true)
      const resource = str('resource', true)
      const resourceAccount = str('resourceAccount', false)
      let onlyWith: Record<string, string> | undefined
      if (body.onlyWith !== undefined) {
        if (!isObj(body.onlyWith) || Object.keys(body.onlyWith).length === 0)
          problems.add([...bodyAt, 'onlyWith'], 'expected a mapping of request keys to values')
        else {
          onlyWith = {}
          for (const [k, v] of Object.entries(body.onlyWith)) {
            if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
              problems.add([...bodyAt, 'onlyWith', k], 'expected a value')
            else onlyWith[k] = String(v)
          }
        }
      }
      if (problems.list.length === before)
        assertions.push({
          kind,
          name,
          who: who as Who,
          action: action!,
          resource: resource!,
          resourceAccount,
          onlyWith,
        })
    } else if (kind === 'nobodyOutside') {
      // An empty list: nobody at all.
      const who = strings('who', true, true)
      const action = str('can', true)
      const resource = str('resource', false)
      const where = body.in
      let accounts: 'any' | string[] | undefined
      if (where === 'any' || where === 'any account') accounts = 'any'
      else accounts = strings('in', true)
      if (problems.list.length === before)
        assertions.push({ kind, name, who: who!, action: action!, resource, accounts: accounts! })
    } else {
      const ou = str('ou', false)
      const accounts = strings('accounts', false)
      const except = strings('except', false)
      if (body.has !== 'permissionsBoundary')
        problems.add(
          body.has === undefined ? bodyAt : [...bodyAt, 'has'],
          "'has' must be permissionsBoundary",
        )
      if (
        ou === undefined &&
        accounts === undefined &&
        body.ou === undefined &&
        body.accounts === undefined
      )
        problems.add(bodyAt, "give 'ou' or 'accounts'")
      if (problems.list.length === before)
        assertions.push({ kind, name, ou, accounts, has: 'permissionsBoundary', except })
    }
  })
  return problems.list.length === 0
    ? { ok: true, assertions }
    : { ok: false, problems: problems.list }
}

/** Problems as lines for people: `FILE:LINE:COLUMN: PATH: MESSAGE`. */
export const formatAssertionsProblems = (
  problems: readonly AssertionsProblem[],
  file: string,
): string =>
  problems.map((p) => `${file}:${p.line}:${p.column}: ${p.path}: ${p.message}`).join('\n')
