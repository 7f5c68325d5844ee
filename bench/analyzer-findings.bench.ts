/**
 * Access Analyzer findings benchmark: how fast an ORGANIZATION analyzer's external access to
 * roles is decided (the analysis a findings read runs after an IAM or Organizations write) on
 * SecureCart and on generated organizations (test/support/generate-organization.ts), against a
 * peer measured in the same run: building the reachability graph of the same snapshot
 * (`analyzeSnapshot`, which decides every assume-role edge with the same engine).
 *
 * Run: `npx node bench/analyzer-findings.bench.ts [--accounts 200,1000] [--roles-per-account 10]`.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { analyzeSnapshot } from '../src/analysis/index.ts'
import { analyzeRoleExternalAccess } from '../src/domain/access-analyzer/index.ts'
import { parseOrganizationFile } from '../src/domain/org-file/index.ts'
import { snapshotFromOrganizationFile } from '../src/domain/snapshots/index.ts'
import { generateOrganizationFile } from '../test/support/generate-organization.ts'

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '200,1000' },
    'roles-per-account': { type: 'string', default: '10' },
  },
})
const perAccount = Number(values['roles-per-account'])
const cases: [string, string][] = [
  [
    'SecureCart',
    readFileSync(resolve(import.meta.dirname, '../examples/securecart/org.yaml'), 'utf8'),
  ],
  ...values.accounts
    .split(',')
    .map(Number)
    .map((n): [string, string] => [
      `generated ${n}×${perAccount}`,
      generateOrganizationFile({ accounts: n, rolesPerAccount: perAccount }),
    ]),
]

for (const [label, text] of cases) {
  const parsed = parseOrganizationFile(text, 'org.yaml')
  if (!parsed.ok) throw new Error(`${label}: invalid organization file`)
  const snapshot = snapshotFromOrganizationFile(parsed.file)
  const roles = snapshot.accounts.reduce((n, a) => n + a.iam.roles.length, 0)
  let t = performance.now()
  const { accesses } = analyzeRoleExternalAccess(snapshot, {
    kind: 'organization',
    organizationId: snapshot.organization!.id,
  })
  const ours = performance.now() - t
  t = performance.now()
  analyzeSnapshot(snapshot)
  const peer = performance.now() - t
  console.log(
    `${label}: ${roles} roles, ${accesses.length} findings — external access ${ours.toFixed(0)} ms ` +
      `(${((roles / ours) * 1000).toFixed(0)} roles/s); reachability graph ${peer.toFixed(0)} ms; ` +
      `ratio ${(peer / ours).toFixed(2)}×`,
  )
}
