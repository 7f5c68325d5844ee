/**
 * The AWS CLI's INI files (`~/.aws/config`, `~/.aws/credentials`) read and edited line by line:
 * every line we do not own is kept byte for byte, in its order. Sections we write carry a marker
 * comment on the line above their header, naming the owner (`xaccess aws-config (sso-session S)`);
 * a rewrite replaces exactly the sections of that owner and leaves everything else alone.
 */

/** One `[name]` section: its header line, and the lines up to the next header (exclusive). */
export interface IniSection {
  /** The header's text between the brackets, trimmed, inner whitespace folded to one space. */
  readonly name: string
  /** Index of the header line. */
  readonly header: number
  /** Index of the first line after the section (the next header, or the end). */
  readonly end: number
  /** The owner named by the marker comment just above the header, if any. */
  readonly owner: string | undefined
}

/** A section to write: its header name and its `key = value` lines, in order. */
export interface IniSectionText {
  readonly name: string
  readonly values: ReadonlyArray<readonly [string, string]>
}

const HEADER = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/
const MARKER = /^[#;]\s*managed by (xaccess aws-config \(sso-session [^)\s]+\))/
const KEY_VALUE = /^([^=\s][^=]*?)\s*=\s*(.*)$/

/** The marker comment line of sections owned by `owner`. */
export const markerLine = (owner: string): string =>
  `# managed by ${owner}: rewritten on each run, edits here are lost`

/** The owner string of `xaccess aws-config` for one sso-session. */
export const awsConfigOwner = (ssoSession: string): string =>
  `xaccess aws-config (sso-session ${ssoSession})`

/** Folds a header name the way it is compared: trimmed, runs of whitespace made one space. */
export const normalizeSectionName = (name: string): string => name.trim().replace(/\s+/g, ' ')

/** An INI file as lines, with its sections located. */
export class IniDocument {
  readonly lines: readonly string[]
  readonly eol: string
  readonly sections: readonly IniSection[]

  private constructor(lines: readonly string[], eol: string) {
    this.lines = lines
    this.eol = eol
    this.sections = locateSections(lines)
  }

  /** Parses text (an absent file is the empty string). */
  static parse(text: string): IniDocument {
    const eol = text.includes('\r\n') ? '\r\n' : '\n'
    const lines = text === '' ? [] : text.split(/\r?\n/)
    // A final line break leaves an empty last element: not a line of its own.
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    return new IniDocument(lines, eol)
  }

  /** The section named `name` (first occurrence), or undefined. */
  section(name: string): IniSection | undefined {
    const wanted = normalizeSectionName(name)
    return this.sections.find((s) => s.name === wanted)
  }

  /**
   * The `key = value` pairs of a section (keys lower-cased, values trimmed); indented
   * continuation lines (nested values such as `s3 =`) and comments are skipped.
   */
  values(name: string): Map<string, string> {
    const values = new Map<string, string>()
    const section = this.section(name)
    if (section === undefined) return values
    for (const line of this.lines.slice(section.header + 1, section.end)) {
      if (/^\s/.test(line) || /^[#;]/.test(line)) continue
      const m = KEY_VALUE.exec(line)
      if (m) values.set(m[1]!.trim().toLowerCase(), m[2]!.trim())
    }
    return values
  }

  /**
   * Replaces every section owned by `owner` with `sections` (at the place of the first one
   * removed, or at the end), keeping every other line. A section of `sections` whose name is
   * already used by a section not owned by `owner` is not written; it is returned in `skipped`.
   */
  replaceOwned(owner: string, sections: readonly IniSectionText[]): ReplaceResult {
    const owned = this.sections.filter((s) => s.owner === owner)
    const removedNames = owned.map((s) => s.name)
    const taken = new Set(this.sections.filter((s) => s.owner !== owner).map((s) => s.name))
    const written: string[] = []
    const skipped: string[] = []
    const block: string[] = []
    for (const section of sections) {
      const name = normalizeSectionName(section.name)
      if (taken.has(name)) {
        skipped.push(name)
        continue
      }
      taken.add(name)
      written.push(name)
      block.push(markerLine(owner), `[${name}]`)
      for (const [key, value] of section.values) block.push(`${key} = ${value}`)
      block.push('')
    }
    const drop = new Set<number>()
    for (const s of owned) for (const i of ownedRange(this.lines, s)) drop.add(i)
    const out: string[] = []
    let inserted = false
    this.lines.forEach((line, i) => {
      if (drop.has(i)) {
        if (!inserted) out.push(...block)
        inserted = true
        return
      }
      out.push(line)
    })
    if (!inserted && block.length > 0) {
      if (out.length > 0 && out[out.length - 1]!.trim() !== '') out.push('')
      out.push(...block)
    }
    while (out.length > 0 && out[out.length - 1] === '') out.pop()
    const text = out.length === 0 ? '' : out.join(this.eol) + this.eol
    const replaced = removedNames.filter((n) => written.includes(n))
    return {
      text,
      written,
      removed: removedNames.filter((n) => !written.includes(n)),
      replaced,
      skipped,
    }
  }
}

/** What {@link IniDocument.replaceOwned} did. */
export interface ReplaceResult {
  /** The new file text. */
  readonly text: string
  /** Sections written, in order. */
  readonly written: readonly string[]
  /** Owned sections that were there before and are written again. */
  readonly replaced: readonly string[]
  /** Owned sections that were there before and are no longer written. */
  readonly removed: readonly string[]
  /** Sections not written because a section not owned by us already has that name. */
  readonly skipped: readonly string[]
}

function locateSections(lines: readonly string[]): IniSection[] {
  const headers: Array<{ name: string; header: number }> = []
  lines.forEach((line, i) => {
    const m = HEADER.exec(line)
    if (m) headers.push({ name: normalizeSectionName(m[1]!), header: i })
  })
  return headers.map((h, k) => {
    const above = h.header > 0 ? MARKER.exec(lines[h.header - 1]!) : null
    return {
      name: h.name,
      header: h.header,
      end: headers[k + 1]?.header ?? lines.length,
      owner: above ? above[1] : undefined,
    }
  })
}

/**
 * The lines an owned section occupies: its marker, header and content up to its last key line,
 * plus the blank lines right after it. Comments after the last key (which usually introduce the
 * next section) and the next section's marker are not ours and stay.
 */
function ownedRange(lines: readonly string[], s: IniSection): number[] {
  let last = s.header
  for (let i = s.header + 1; i < s.end; i++) {
    const line = lines[i]!
    if (line.trim() !== '' && !/^[#;]/.test(line)) last = i
  }
  let end = last + 1
  while (end < s.end && lines[end]!.trim() === '') end++
  const range: number[] = []
  for (let i = s.header - 1; i < end; i++) range.push(i)
  return range
}
