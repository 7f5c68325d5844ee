// Checks the import graph of src/: no cycles, and imports point one way down the layers of
// ARCHITECTURE.md (policy <- analysis <- domain <- storage/protocol <- server <- cli). src/policy
// imports nothing outside itself: no node:* modules, no packages; src/analysis imports no node:*
// module (it does no I/O).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..', 'src')
const LAYERS = ['policy', 'analysis', 'domain', 'storage', 'protocol', 'server', 'cli'] as const
const rank = (layer: string) => LAYERS.indexOf(layer as (typeof LAYERS)[number])

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return walk(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g
const files = walk(root)
const graph = new Map<string, string[]>()
const problems: string[] = []

for (const file of files) {
  const text = readFileSync(file, 'utf8')
  const rel = relative(root, file)
  const layer = rel.split('/')[0]!
  const edges: string[] = []
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2]!
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec)
      const targetRel = relative(root, target)
      const targetLayer = targetRel.split('/')[0]!
      if (rank(targetLayer) > rank(layer) && !(layer === 'storage' && targetLayer === 'domain')) {
        problems.push(`${rel}: imports ${targetRel}, a layer above ${layer}`)
      }
      if (layer === 'storage' && targetLayer === 'protocol')
        problems.push(`${rel}: storage imports protocol`)
      edges.push(target)
    } else if (layer === 'policy') {
      problems.push(`${rel}: src/policy must not import '${spec}' (no I/O, no dependencies)`)
    } else if (layer === 'analysis' && spec.startsWith('node:')) {
      problems.push(`${rel}: src/analysis must not import '${spec}' (no I/O)`)
    }
  }
  graph.set(file, edges)
}

const state = new Map<string, 'visiting' | 'done'>()
function visit(node: string, stack: string[]): void {
  if (state.get(node) === 'done') return
  if (state.get(node) === 'visiting') {
    const cycle = stack
      .slice(stack.indexOf(node))
      .concat(node)
      .map((p) => relative(root, p))
    problems.push(`import cycle: ${cycle.join(' -> ')}`)
    return
  }
  state.set(node, 'visiting')
  for (const next of graph.get(node) ?? []) visit(next, [...stack, node])
  state.set(node, 'done')
}
for (const file of files) visit(file, [])

if (problems.length > 0) {
  for (const p of problems) console.error(p)
  process.exit(1)
}
console.log(`import graph: ${files.length} files, no cycles, layers respected`)
