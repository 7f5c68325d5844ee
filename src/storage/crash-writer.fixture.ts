// Child process for the crash-safety contract test: writes accounts one by one and prints
// "ack <id>" after each write returns, until it is killed. Never closes the database.
// Usage: node crash-writer.fixture.ts '<json {url, dataDir, schema?, organizationId, rootId, firstId}>'
import { openDatabase } from './create-database.ts'
import { SqlOrganizationsStore } from './organizations/index.ts'

interface Args {
  readonly url?: string
  readonly dataDir: string
  readonly schema?: string
  readonly organizationId: string
  readonly rootId: string
  readonly firstId: number
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args
const { db } = openDatabase(args.url, args.dataDir, args.schema ? { schema: args.schema } : {})
const store = new SqlOrganizationsStore(db)
for (let n = args.firstId; ; n++) {
  const id = String(n).padStart(12, '0')
  await store.createAccount({
    id,
    organizationId: args.organizationId,
    parentId: args.rootId,
    arn: `arn:aws:organizations::000000000000:account/${args.organizationId}/${id}`,
    email: `crash-${id}@example.com`,
    name: `crash ${id}`,
    status: 'ACTIVE',
    joinedMethod: 'CREATED',
    joinedAt: Date.now(),
  })
  process.stdout.write(`ack ${id}\n`)
}
