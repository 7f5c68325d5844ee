/**
 * ValidatePolicy findings as AWS shapes them, and the collector the checks report into. A check
 * names where a finding is by path (`['Statement', 0, 'Action', 1]`); the collector turns the path
 * into AWS's path elements and the span of that value in the submitted text.
 */
import { LineIndex, type JsonNode, type TextPosition } from './json-source.ts'
import {
  findingDetails,
  findingTypeOf,
  learnMoreLink,
  type FindingType,
  type IssueCode,
} from './policy-checks.ts'

/** One step of a location's path: an object member by name, or an array item by index. */
export type PathElement = { readonly value: string } | { readonly index: number }

/** Where a finding is: the path to a value and the span of its text. */
export interface FindingLocation {
  readonly path: readonly PathElement[]
  readonly span: { readonly start: TextPosition; readonly end: TextPosition }
}

/** One finding, with AWS's members. */
export interface ValidatePolicyFinding {
  readonly findingDetails: string
  readonly findingType: FindingType
  readonly issueCode: IssueCode
  readonly learnMoreLink: string
  readonly locations: readonly FindingLocation[]
}

/** A path as the checks give it: names for object members, numbers for array items. */
export type NodePath = readonly (string | number)[]

/** Collects findings for one document. */
export class FindingCollector {
  private readonly text: string
  private readonly root: JsonNode | undefined
  private lines: LineIndex | undefined
  private readonly seen = new Set<string>()
  readonly findings: ValidatePolicyFinding[] = []
  /** The offset of each finding's first location, to sort them in document order. */
  private readonly order: number[] = []

  constructor(text: string, root: JsonNode | undefined) {
    this.text = text
    this.root = root
  }

  /** Reports `code` at each of `paths` (one location each; none for the whole document). */
  add(
    code: IssueCode,
    params: Readonly<Record<string, string | number>>,
    paths: readonly NodePath[],
  ): void {
    const details = findingDetails(code, params)
    const key = `${code}\u0000${details}\u0000${JSON.stringify(paths)}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    const locations = paths.map((p) => this.locate(p))
    this.order.push(locations[0]?.span.start.offset ?? 0)
    this.findings.push({
      findingDetails: details,
      findingType: findingTypeOf(code),
      issueCode: code,
      learnMoreLink: learnMoreLink(code),
      locations,
    })
  }

  /** Reports a finding at an explicit offset range (JSON syntax errors). */
  addAt(code: IssueCode, params: Readonly<Record<string, string | number>>, offset: number): void {
    const position = this.index().position(offset)
    this.order.push(offset)
    this.findings.push({
      findingDetails: findingDetails(code, params),
      findingType: findingTypeOf(code),
      issueCode: code,
      learnMoreLink: learnMoreLink(code),
      locations: [{ path: [], span: { start: position, end: position } }],
    })
  }

  /** The findings in document order (stable for equal positions). */
  sorted(): readonly ValidatePolicyFinding[] {
    return this.findings
      .map((finding, i) => ({ finding, at: this.order[i] ?? 0, i }))
      .sort((a, b) => a.at - b.at || a.i - b.i)
      .map((x) => x.finding)
  }

  /** The text position of `offset`. */
  position(offset: number): TextPosition {
    return this.index().position(offset)
  }

  private index(): LineIndex {
    this.lines ??= new LineIndex(this.text)
    return this.lines
  }

  private locate(path: NodePath): FindingLocation {
    let node = this.root
    const elements: PathElement[] = []
    for (const step of path) {
      const next = node === undefined ? undefined : child(node, step)
      if (typeof step === 'number') {
        // A lone value stands for item 0 of a one-item list: AWS still says index 0 only for arrays.
        if (node?.kind !== 'array') continue
        elements.push({ index: step })
      } else elements.push({ value: step })
      if (next === undefined) break
      node = next
    }
    const start = node?.start ?? 0
    const end = node?.end ?? this.text.length
    return { path: elements, span: { start: this.position(start), end: this.position(end) } }
  }
}

function child(node: JsonNode, step: string | number): JsonNode | undefined {
  if (typeof step === 'number') {
    if (node.kind === 'array') return node.items[step]
    return step === 0 ? node : undefined
  }
  if (node.kind !== 'object') return undefined
  let found: JsonNode | undefined
  for (const m of node.members) if (m.key === step) found = m.value
  return found
}
