/**
 * Organization files: a YAML description of an organization (OUs, accounts, SCPs and RCPs with
 * their targets, and per account IAM users, groups, roles and policies), parsed and checked
 * without I/O, then applied idempotently through the Organizations and IAM APIs.
 * @example
 * const parsed = parseOrganizationFile(text, 'org.yaml')
 * if (!parsed.ok) throw new Error(formatProblems(parsed.problems, 'org.yaml'))
 * const summary = await applyOrganizationFile(parsed.file, client, (line) => console.log(line))
 */
export {
  parseOrganizationFile,
  type ParseOrganizationFileResult,
  type ParseOptions,
} from './parse-organization-file.ts'
export type { ReadIncludedFile } from './load-with-includes.ts'
export {
  applyOrganizationFile,
  type ApplyOptions,
  type ApplySummary,
} from './apply-organization-file.ts'
export type { ApplyCounts } from './apply-tally.ts'
export type { InitialPasswords } from './apply-identity-center.ts'
export { formatProblems, formatPath, type FileProblem } from './file-problem.ts'
export type { ApplyLog, CallAs, OrgFileClient, OrgFileService } from './org-file-client.ts'
export { ORG_FILE_SERVICES } from './org-file-client.ts'
export { fillPlaceholders, type PlaceholderValues } from './placeholders.ts'
export * from './org-file-model.ts'
