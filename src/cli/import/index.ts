/**
 * AWS import directories: reading one into a snapshot. The collector (`collect-aws.ts`) loads the
 * AWS SDK, so `xaccess import aws --collect` imports it on demand; its types are here.
 */
export { loadImportSnapshot, readImportDirectory } from './read-import-directory.ts'
export type { CollectOptions, CollectResult } from './collect-aws.ts'
