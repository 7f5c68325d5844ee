import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatPlan, lineDiff } from './plan-format.ts'

test('lineDiff keeps common lines and marks the others', () => {
  assert.deepEqual(lineDiff(['{', '"a": 1,', '"b": 2', '}'], ['{', '"a": 1,', '"b": 3', '}']), [
    '  {',
    '  "a": 1,',
    '- "b": 2',
    '+ "b": 3',
    '  }',
  ])
  assert.deepEqual(lineDiff([], ['x']), ['+ x'])
  assert.deepEqual(lineDiff(['x'], []), ['- x'])
})

test('formatPlan: a line per resource with its place, fields before → after, a summary', () => {
  const text = formatPlan(
    {
      changes: [
        {
          action: 'update',
          kind: 'role',
          account: 'Dev',
          name: 'app',
          at: ['accounts', 0, 'roles', 1],
          phase: 2,
          fields: [
            { field: 'description', before: 'a', after: 'b' },
            { field: 'trustPolicy', before: { A: 1 }, after: { A: 2 } },
            { field: 'tags.team', before: 'x' },
          ],
        },
      ],
      notes: ['account Old (1) is not in the file'],
    },
    () => ({ file: 'org.yaml', line: 12, column: 9 }),
  )
  assert.equal(
    text,
    [
      '~ update account Dev role app  (org.yaml:12:9)',
      '    ~ description: "a" → "b"',
      '    ~ trustPolicy:',
      '        {',
      '      -   "A": 1',
      '      +   "A": 2',
      '        }',
      '    - tags.team: "x"',
      'note: account Old (1) is not in the file',
      'Plan: 0 to create, 1 to update, 0 to delete.',
      '',
    ].join('\n'),
  )
})
