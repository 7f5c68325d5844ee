/**
 * Where analysis snapshots come from: a server's store (through the storage ports) and an
 * organization file (no server); and the action catalogue that expands wildcard actions.
 */
export { loadStoreSnapshot, type SnapshotStores } from './store-snapshot.ts'
export { orgFileAccountIds, snapshotFromOrganizationFile } from './org-file-snapshot.ts'
export { loadActionCatalog } from './iam-data-action-catalog.ts'
export {
  IMPORT_LAYOUT,
  IMPORT_POLICY_TYPES,
  type ImportFiles,
  type ImportIdentityCenterFiles,
  type ImportPolicyType,
  instanceIdOf,
  permissionSetIdOf,
} from './import-layout.ts'
export { ImportFormatError, policyText, snapshotFromImport } from './import-snapshot.ts'
