import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from './scim-error.ts'
import { parseScimFilter } from './scim-filter.ts'
import { applyScimPatch, readPatchOperations } from './scim-patch.ts'

const user = {
  userName: 'a',
  name: { givenName: 'A', familyName: 'B' },
  emails: [{ value: 'a@x.example', type: 'work', primary: true }],
  active: true,
}
const patch = (ops: unknown[]) =>
  applyScimPatch(user, readPatchOperations({ schemas: [], Operations: ops }))

describe('applyScimPatch', () => {
  const cases: [string, unknown[], Record<string, unknown>][] = [
    ['Okta deactivation', [{ op: 'replace', value: { active: false } }], { active: false }],
    [
      'Entra ID attribute',
      [{ op: 'Replace', path: 'active', value: 'False' }],
      { active: 'False' },
    ],
    [
      'dotted key without path',
      [{ op: 'replace', value: { 'name.givenName': 'Z' } }],
      { name: { givenName: 'Z', familyName: 'B' } },
    ],
    [
      'complex value merges',
      [{ op: 'replace', path: 'name', value: { familyName: 'C' } }],
      { name: { givenName: 'A', familyName: 'C' } },
    ],
    [
      'filtered sub-attribute',
      [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'n@x.example' }],
      { emails: [{ value: 'n@x.example', type: 'work', primary: true }] },
    ],
    [
      'filtered element created',
      [{ op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555' }],
      { phoneNumbers: [{ type: 'work', value: '+1 555' }] },
    ],
    ['remove', [{ op: 'Remove', path: 'emails[type eq "work"]' }], { emails: [] }],
    [
      'enterprise extension dropped',
      [
        {
          op: 'Add',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'R&D',
        },
      ],
      {},
    ],
  ]
  for (const [name, ops, expected] of cases) {
    it(name, () => assert.deepEqual(patch(ops), { ...user, ...expected }))
  }

  it('refuses unknown ops, bad paths and a path-less remove', () => {
    for (const ops of [
      [{ op: 'move', path: 'a' }],
      [{ op: 'remove' }],
      [{ op: 'add', path: 'a b' }],
      [{ op: 'replace', value: 'x' }],
    ])
      assert.throws(() => patch(ops), ScimError)
  })

  it('does not change its input', () => {
    patch([{ op: 'replace', value: { active: false } }])
    assert.equal(user.active, true)
  })
})

describe('parseScimFilter', () => {
  it('reads eq comparisons joined by and', () => {
    assert.deepEqual(parseScimFilter('userName eq "a\\"b"'), [
      { attribute: 'userName', value: 'a"b' },
    ])
    assert.deepEqual(parseScimFilter('id EQ "1" and members eq "2"'), [
      { attribute: 'id', value: '1' },
      { attribute: 'members', value: '2' },
    ])
  })
  it('refuses every other operator, or, not and grouping', () => {
    for (const f of ['userName co "a"', 'a eq "1" or b eq "2"', 'not (a eq "1")', 'a eq 1', 'a pr'])
      assert.throws(
        () => parseScimFilter(f),
        (e: unknown) => e instanceof ScimError && e.scimType === 'invalidFilter',
      )
  })
})
