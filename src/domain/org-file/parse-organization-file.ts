import { ProblemSink, type FilePath, type FileProblem } from './file-problem.ts'
import { readList, readMapping, reportDuplicates } from './field-reader.ts'
import { loadWithIncludes, type ReadIncludedFile } from './load-with-includes.ts'
import { readIdentityCenter } from './read-identity-center.ts'
import type { AccountSpec, OrganizationFile } from './org-file-model.ts'
import { sampleValues } from './placeholders.ts'
import {
  declaredAccountNames,
  readAccount,
  readOrgPolicies,
  readOus,
  TOP_KEYS,
} from './read-organization.ts'

/** The outcome of parsing an organization file: the file, or every problem found. */
export type ParseOrganizationFileResult =
  | { readonly ok: true; readonly file: OrganizationFile }
  | { readonly ok: false; readonly problems: readonly FileProblem[] }

/** How included files are read. */
export interface ParseOptions {
  /** Reads an included file by its path (the main file's folder joined with the include); throws. */
  readonly readFile?: ReadIncludedFile
}

/**
 * Parses and validates an organization file (YAML). Reports, each with its path and line: YAML
 * syntax errors, unknown keys, missing fields, values of the wrong shape, references to accounts,
 * OUs, groups or policies the file does not declare, and every policy document that the engine's
 * grammar for its type rejects. Files named under `include` are read with `options.readFile`
 * (relative to the including file) and merged; their problems name their file. Never throws.
 * @example
 * const parsed = parseOrganizationFile(readFileSync('org.yaml', 'utf8'), 'org.yaml')
 * if (!parsed.ok) console.error(formatProblems(parsed.problems, 'org.yaml'))
 */
export function parseOrganizationFile(
  text: string,
  fileName: string,
  options: ParseOptions = {},
): ParseOrganizationFileResult {
  const loaded = loadWithIncludes(text, fileName, options.readFile)
  if (!loaded.ok) return loaded
  const sink = new ProblemSink(loaded.locate)
  const top = readMapping(loaded.value ?? {}, [], sink, {
    required: ['organization'],
    optional: TOP_KEYS.filter((k) => k !== 'organization'),
  })
  if (top === undefined) return { ok: false, problems: sink.problems }
  const names = declaredAccountNames(top)
  const ctx = { accountNames: new Set(names), sample: sampleValues(names) }
  const ous = readOus(top, sink)
  const ouPaths = new Set(ous.map((ou) => ou.path))
  let management: AccountSpec | undefined
  const org = readMapping(top.organization, ['organization'], sink, {
    required: ['managementAccount'],
    optional: [],
  })
  if (org?.managementAccount !== undefined && org.managementAccount !== null)
    management = readAccount(
      org.managementAccount,
      ['organization', 'managementAccount'],
      sink,
      ctx,
      undefined,
    )
  const entries: { account: AccountSpec; at: FilePath }[] = []
  if (management !== undefined)
    entries.push({ account: management, at: ['organization', 'managementAccount'] })
  readList(top, 'accounts', [], sink).forEach((value, i) => {
    const account = readAccount(value, ['accounts', i], sink, ctx, ouPaths)
    if (account !== undefined) entries.push({ account, at: ['accounts', i] })
  })
  const named = (field: 'name' | 'email') =>
    entries.map(({ account, at }) => ({ name: account[field], path: [...at, field] }))
  reportDuplicates(named('name'), 'account name', sink)
  reportDuplicates(named('email'), 'account email', sink, true)
  const accounts = entries.filter((e) => e.account !== management).map((e) => e.account)
  const policies = [
    ...readOrgPolicies(top, 'serviceControlPolicies', sink, ctx, ouPaths),
    ...readOrgPolicies(top, 'resourceControlPolicies', sink, ctx, ouPaths),
  ]
  const accountOus = new Map(entries.map(({ account }) => [account.name, account.ou]))
  const identityCenter = readIdentityCenter(top, sink, ctx, { accountOus, ouPaths })
  if (!sink.empty || management === undefined) return { ok: false, problems: sink.problems }
  return {
    ok: true,
    file: {
      fileName,
      files: loaded.files,
      management,
      organizationalUnits: ous,
      accounts,
      policies,
      identityCenter,
    },
  }
}
