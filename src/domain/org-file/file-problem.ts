/** A place in the file: keys and list indexes from the top, e.g. `['accounts', 2, 'roles', 0]`. */
export type FilePath = readonly (string | number)[]

/** One problem found in an organization file. */
export interface FileProblem {
  /** Where, as `accounts[2].roles[0].trust`; empty for the file as a whole. */
  readonly path: string
  readonly message: string
  /** The file it is in, when not the main file (an included one). */
  readonly file?: string
  /** 1-based line and column of the offending node, when known. */
  readonly line?: number
  readonly column?: number
}

/** Where a path sits in the source: line and column, and for an included file its name and path. */
export interface Location {
  readonly line: number
  readonly column: number
  /** The included file the node comes from; undefined for the main file. */
  readonly file?: string
  /** The node's path inside that file, when it differs from the path asked for. */
  readonly path?: FilePath
}

/** Where a path sits in the source text, when it can be found. */
export type Locate = (path: FilePath) => Location | undefined

/**
 * Writes a path the way problems show it.
 * @example formatPath(['accounts', 2, 'roles', 0, 'name']) // 'accounts[2].roles[0].name'
 */
export function formatPath(path: FilePath): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? part : `.${part}`
  }
  return out
}

/**
 * Formats problems one a line for a terminal: `FILE:LINE:COLUMN: PATH: MESSAGE`.
 * @example formatProblems(problems, 'org.yaml') // 'org.yaml:12:7: accounts[0].email: …'
 */
export function formatProblems(problems: readonly FileProblem[], fileName: string): string {
  return problems
    .map((p) => {
      const file = p.file ?? fileName
      const where = p.line === undefined ? file : `${file}:${p.line}:${p.column ?? 1}`
      return p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`
    })
    .join('\n')
}

/** Collects problems, each placed in the source when possible. */
export class ProblemSink {
  readonly problems: FileProblem[] = []
  private readonly locate: Locate

  constructor(locate: Locate = () => undefined) {
    this.locate = locate
  }

  /** Records a problem at `path`. */
  add(path: FilePath, message: string): void {
    const at = this.locate(path)
    if (at === undefined) {
      this.problems.push({ path: formatPath(path), message })
      return
    }
    const shown = formatPath(at.path ?? path)
    this.problems.push(
      at.file === undefined
        ? { path: shown, message, line: at.line, column: at.column }
        : { path: shown, message, file: at.file, line: at.line, column: at.column },
    )
  }

  /** True when nothing was recorded. */
  get empty(): boolean {
    return this.problems.length === 0
  }
}
