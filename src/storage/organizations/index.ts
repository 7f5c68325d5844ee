// Public face of the SQL implementation of the Organizations port.
export { SqlOrganizationsStore } from './sql-organizations-store.ts'
