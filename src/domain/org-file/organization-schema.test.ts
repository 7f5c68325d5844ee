import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parse } from 'yaml'
import { checkSchema } from './mini-schema-check.ts'
import { IAM_KEYS } from './read-iam.ts'
import { IDENTITY_CENTER_KEYS } from './read-identity-center.ts'
import { TOP_KEYS } from './read-organization.ts'

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')
const schema = JSON.parse(read('schemas/organization.schema.json')) as Record<string, unknown>
const example = parse(read('examples/securecart/org.yaml')) as Record<string, unknown>
const defs = schema.$defs as Record<string, { properties: Record<string, unknown> }>

describe('schemas/organization.schema.json', () => {
  it('is draft 2020-12', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema')
  })

  it('accepts the SecureCart example', () => {
    assert.deepEqual(checkSchema(example, schema), [])
  })

  it('rejects unknown keys, missing fields and wrong types', () => {
    const bad = structuredClone(example) as { accounts: Record<string, unknown>[] }
    bad.accounts[0] = { name: 'X', ou: 5, extra: true }
    assert.deepEqual(checkSchema(bad, schema), [
      '$.accounts[0]: missing email',
      '$.accounts[0].ou: expected string, found integer',
      '$.accounts[0]: unknown key extra',
    ])
  })

  it('names the same keys as the parser', () => {
    assert.deepEqual(
      Object.keys(schema.properties as object).sort(),
      [...TOP_KEYS, 'include'].sort(),
    )
    for (const key of IAM_KEYS) assert.ok(key in (defs.account?.properties ?? {}))
    for (const key of IAM_KEYS) assert.ok(key in (defs.managementAccount?.properties ?? {}))
    assert.deepEqual(
      Object.keys(defs.identityCenter?.properties ?? {}).sort(),
      [...IDENTITY_CENTER_KEYS].sort(),
    )
  })
})
