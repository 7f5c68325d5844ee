/**
 * SecureCart's organization file without its CI/CD pipeline (the PipelineDeploy roles and the
 * OIDC provider in Dev, Staging and Prod), for suites about the third-party auditor's external
 * access: the pipeline's roles are external access too, by design, and are tested on their own
 * (test/e2e/securecart-pipeline.test.ts). Written once per process to a temporary file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { isMap, isSeq, parseDocument } from 'yaml'

const SECURECART = resolve(import.meta.dirname, '..', '..', 'examples', 'securecart', 'org.yaml')

let written: string | undefined

/** The path of the file (created on the first call). */
export function secureCartWithoutPipeline(): string {
  if (written !== undefined) return written
  const doc = parseDocument(readFileSync(SECURECART, 'utf8'))
  const accounts = doc.get('accounts')
  if (!isSeq(accounts)) throw new Error('org.yaml has no accounts list')
  let removed = 0
  for (const account of accounts.items) {
    if (!isMap(account)) continue
    if (account.delete('oidcProviders')) removed++
    const roles = account.get('roles')
    if (!isSeq(roles)) continue
    roles.items = roles.items.filter((r) => !(isMap(r) && r.get('name') === 'PipelineDeploy'))
  }
  if (removed === 0) throw new Error('org.yaml declares no OIDC provider any more')
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-securecart-'))
  written = join(dir, 'org.yaml')
  writeFileSync(written, doc.toString())
  return written
}
