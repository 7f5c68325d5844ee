/**
 * An organization file split into several: `include: [iam/dev.yaml, identity-center.yaml]` names
 * files relative to the including file, which may include others in turn. Their lists
 * (organizationalUnits, accounts, serviceControlPolicies, resourceControlPolicies and the lists
 * under identityCenter) are appended to the including file's; `organization` is declared once.
 * A problem found later in the merged document is placed back in the file, line, column and path
 * it came from. A cycle or a file included twice is reported where the include is written.
 */
import { posix } from 'node:path'
import { formatPath, type FilePath, type FileProblem, type Locate } from './file-problem.ts'
import { isMapping } from './field-reader.ts'
import { loadYaml } from './load-yaml.ts'

/** Reads a file named by an include (a path joined to the including file's folder); throws. */
export type ReadIncludedFile = (path: string) => string

/** The merged document with a way back from a path to its file and line, and the files read. */
export type LoadedFiles =
  | {
      readonly ok: true
      readonly value: unknown
      readonly locate: Locate
      /** The main file first, then each included one, as named for people. */
      readonly files: readonly string[]
    }
  | { readonly ok: false; readonly problems: readonly FileProblem[] }

/** The top-level keys whose lists are appended across files. */
const LIST_KEYS = [
  'organizationalUnits',
  'accounts',
  'serviceControlPolicies',
  'resourceControlPolicies',
] as const
/** The lists under `identityCenter` appended across files. */
const IC_LIST_KEYS = ['users', 'groups', 'permissionSets', 'assignments'] as const
/** Keys an included file may hold. */
const INCLUDED_KEYS = ['include', 'organization', 'identityCenter', ...LIST_KEYS] as const

interface Origin {
  /** Undefined for the main file. */
  readonly file: string | undefined
  readonly locate: Locate
  /** The item's index in its own file's list. */
  readonly index: number
}

interface Source {
  readonly file: string | undefined
  readonly shown: string
  readonly locate: Locate
}

/**
 * Loads `text` (the main file, named `fileName`) and every file it includes, recursively.
 * Without `readFile`, a file that includes others is refused.
 */
export function loadWithIncludes(
  text: string,
  fileName: string,
  readFile?: ReadIncludedFile,
): LoadedFiles {
  const loaded = loadYaml(text)
  if (!loaded.ok) return loaded
  const problems: FileProblem[] = []
  const root = loaded.value
  if (!isMapping(root) || root.include === undefined)
    return { ok: true, value: root, locate: loaded.locate, files: [fileName] }
  const merged: Record<string, unknown> = { ...root }
  delete merged.include
  const origins = new Map<string, Origin[]>()
  const keyOrigin = new Map<string, Source>()
  const main: Source = { file: undefined, shown: fileName, locate: loaded.locate }
  const files = [fileName]
  const seenAt = new Map<string, string>([[posix.normalize(fileName), fileName]])
  const problem = (src: Source, path: FilePath, message: string) => {
    const at = src.locate(path)
    const base = { path: formatPath(path), message }
    const placed = at === undefined ? base : { ...base, line: at.line, column: at.column }
    problems.push(src.file === undefined ? placed : { ...placed, file: src.file })
  }
  const track = (key: string, src: Source, count: number) => {
    const list = origins.get(key) ?? []
    for (let i = 0; i < count; i++) list.push({ file: src.file, locate: src.locate, index: i })
    origins.set(key, list)
  }
  // The main file's own items come first.
  for (const key of LIST_KEYS) if (Array.isArray(root[key])) track(key, main, root[key].length)
  if (isMapping(root.identityCenter)) {
    merged.identityCenter = { ...root.identityCenter }
    for (const key of IC_LIST_KEYS) {
      const list = root.identityCenter[key]
      if (Array.isArray(list)) track(`identityCenter.${key}`, main, list.length)
    }
    keyOrigin.set('identityCenter', main)
  }
  if (root.organization !== undefined) keyOrigin.set('organization', main)

  const visit = (doc: Record<string, unknown>, src: Source, chain: readonly string[]) => {
    const list = doc.include
    if (list === undefined || list === null) return
    if (!Array.isArray(list)) {
      problem(src, ['include'], 'expected a list of file names, relative to this file')
      return
    }
    list.forEach((item, i) => {
      const at = ['include', i]
      if (typeof item !== 'string' || item === '') {
        problem(src, at, 'expected a file name, relative to this file')
        return
      }
      if (readFile === undefined) {
        problem(src, at, 'includes are read only from files on disk')
        return
      }
      const shown = posix.normalize(posix.join(posix.dirname(src.shown), item))
      if (chain.includes(shown)) {
        problem(src, at, `include cycle: ${[...chain, shown].join(' → ')}`)
        return
      }
      const earlier = seenAt.get(shown)
      if (earlier !== undefined) {
        problem(src, at, `'${shown}' is already included (from ${earlier}); include a file once`)
        return
      }
      const place = src.locate(at)
      seenAt.set(shown, place === undefined ? src.shown : `${src.shown}:${place.line}`)
      let content: string
      try {
        content = readFile(shown)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        problem(src, at, `cannot read '${shown}': ${reason}`)
        return
      }
      const inner = loadYaml(content)
      if (!inner.ok) {
        for (const p of inner.problems) problems.push({ ...p, file: shown })
        return
      }
      files.push(shown)
      const child: Source = { file: shown, shown, locate: inner.locate }
      const value = inner.value ?? {}
      if (!isMapping(value)) {
        problem(child, [], 'expected a mapping with organization file keys')
        return
      }
      mergeInto(value, child)
      visit(value, child, [...chain, shown])
    })
  }

  const mergeInto = (doc: Record<string, unknown>, src: Source) => {
    for (const [key, value] of Object.entries(doc)) {
      if (!(INCLUDED_KEYS as readonly string[]).includes(key)) {
        problem(src, [key], `unknown key '${key}' (expected one of: ${INCLUDED_KEYS.join(', ')})`)
        continue
      }
      if (key === 'include' || value === null) continue
      if (key === 'organization') {
        const first = keyOrigin.get(key)
        if (first !== undefined) {
          problem(src, [key], `organization is already declared in ${first.shown}`)
          continue
        }
        keyOrigin.set(key, src)
        merged.organization = value
        continue
      }
      if (key === 'identityCenter') {
        if (!isMapping(value)) {
          problem(src, [key], 'expected a mapping')
          continue
        }
        const into = isMapping(merged.identityCenter) ? merged.identityCenter : {}
        merged.identityCenter = into
        if (!keyOrigin.has(key)) keyOrigin.set(key, src)
        for (const [sub, items] of Object.entries(value)) {
          if (!(IC_LIST_KEYS as readonly string[]).includes(sub)) {
            problem(
              src,
              [key, sub],
              `unknown key '${sub}' (expected one of: ${IC_LIST_KEYS.join(', ')})`,
            )
            continue
          }
          if (items === null) continue
          if (!Array.isArray(items)) {
            problem(src, [key, sub], 'expected a list')
            continue
          }
          const existing = Array.isArray(into[sub]) ? (into[sub] as unknown[]) : []
          into[sub] = [...existing, ...items]
          track(`identityCenter.${sub}`, src, items.length)
        }
        continue
      }
      if (!Array.isArray(value)) {
        problem(src, [key], 'expected a list')
        continue
      }
      const existing = Array.isArray(merged[key]) ? (merged[key] as unknown[]) : []
      merged[key] = [...existing, ...value]
      track(key, src, value.length)
    }
  }

  visit(root, main, [fileName])
  if (problems.length > 0) return { ok: false, problems }

  const locate: Locate = (path) => {
    const [first, second, third] = path
    let key: string | undefined
    let depth = 0
    if (
      typeof first === 'string' &&
      LIST_KEYS.includes(first as never) &&
      typeof second === 'number'
    ) {
      key = first
      depth = 1
    } else if (
      first === 'identityCenter' &&
      typeof second === 'string' &&
      typeof third === 'number'
    ) {
      key = `identityCenter.${second}`
      depth = 2
    }
    if (key !== undefined) {
      const origin = origins.get(key)?.[path[depth] as number]
      if (origin !== undefined) {
        const inner = [...path.slice(0, depth), origin.index, ...path.slice(depth + 1)]
        return placed(origin.locate, inner, origin.file)
      }
    }
    const src = typeof first === 'string' ? keyOrigin.get(first) : undefined
    return src === undefined ? loaded.locate(path) : placed(src.locate, path, src.file)
  }
  return { ok: true, value: merged, locate, files }
}

function placed(locate: Locate, path: FilePath, file: string | undefined) {
  const at = locate(path)
  if (at === undefined || file === undefined) return at
  return { ...at, file, path }
}
