/** AWS import directories: reading one into a snapshot. */
export { loadImportSnapshot, readImportDirectory } from './read-import-directory.ts'
