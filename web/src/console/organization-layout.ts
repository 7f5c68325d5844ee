/**
 * Lays the organization picture out for the SVG: one box per OU (and one for the accounts directly
 * under the root), in tree order, indented by depth; the accounts as chips in each box; a band
 * of the principals outside the organization on top. A collapsed box shows only its header, and
 * edges to its accounts end there.
 */
import type { OrganizationAnswer, PictureAccount, PictureOu } from './analysis-types.ts'

export const WIDTH = 1000
const PAD = 12
const INDENT = 22
const HEADER = 44
const CHIP_W = 196
const CHIP_H = 40
const GAP = 10

export interface Box {
  readonly ou: PictureOu
  readonly depth: number
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
  readonly collapsed: boolean
  readonly accounts: readonly PictureAccount[]
}

export interface Point {
  readonly x: number
  readonly y: number
}

export interface Chip extends Point {
  readonly w: number
  readonly h: number
}

export interface Layout {
  readonly height: number
  readonly boxes: readonly Box[]
  /** Where each account is drawn (its box's header when collapsed). */
  readonly accounts: ReadonlyMap<string, Chip & { readonly visible: boolean; readonly ou: string }>
  readonly outsiders: ReadonlyMap<string, Chip>
  /** Where the edges of a collapsed OU's accounts end, by OU id. */
  readonly collapsedOus: ReadonlyMap<string, Chip>
}

/** The OUs in tree order (each after its parent, siblings by name), with their depth. */
export function treeOrder(pic: OrganizationAnswer): { ou: PictureOu; depth: number }[] {
  const root: PictureOu = pic.root ?? { id: '', name: 'Root', path: '', policies: [] }
  const children = new Map<string, PictureOu[]>()
  for (const ou of pic.ous) {
    const list = children.get(ou.parentId ?? '') ?? []
    list.push(ou)
    children.set(ou.parentId ?? '', list)
  }
  const out: { ou: PictureOu; depth: number }[] = []
  const visit = (ou: PictureOu, depth: number) => {
    out.push({ ou, depth })
    for (const c of (children.get(ou.id) ?? []).sort((a, b) => a.name.localeCompare(b.name)))
      visit(c, depth + 1)
  }
  visit(root, 0)
  return out
}

/** Places every box, account and outsider. */
export function layOut(pic: OrganizationAnswer, collapsed: ReadonlySet<string>): Layout {
  const byParent = new Map<string, PictureAccount[]>()
  for (const a of pic.accounts) {
    const list = byParent.get(a.parentId ?? '') ?? []
    list.push(a)
    byParent.set(a.parentId ?? '', list)
  }
  const outsiders = new Map<string, Chip>()
  let y = PAD
  if (pic.outsiders.length > 0) {
    y += 22
    pic.outsiders.forEach((o, i) => {
      const perRow = Math.floor((WIDTH - 2 * PAD) / (CHIP_W + GAP))
      outsiders.set(o.id, {
        x: PAD + (i % perRow) * (CHIP_W + GAP),
        y: y + Math.floor(i / perRow) * (CHIP_H + GAP),
        w: CHIP_W,
        h: CHIP_H,
      })
    })
    y +=
      Math.ceil(pic.outsiders.length / Math.floor((WIDTH - 2 * PAD) / (CHIP_W + GAP))) *
        (CHIP_H + GAP) +
      GAP
  }
  const boxes: Box[] = []
  const accounts = new Map<string, Chip & { visible: boolean; ou: string }>()
  const collapsedOus = new Map<string, Chip>()
  for (const { ou, depth } of treeOrder(pic)) {
    const x = PAD + depth * INDENT
    const w = WIDTH - x - PAD
    const mine = (byParent.get(ou.id) ?? []).sort((a, b) =>
      a.management === b.management ? a.name.localeCompare(b.name) : a.management ? -1 : 1,
    )
    const isCollapsed = collapsed.has(ou.id)
    const perRow = Math.max(1, Math.floor((w - 2 * GAP) / (CHIP_W + GAP)))
    const rows = isCollapsed ? 0 : Math.ceil(mine.length / perRow)
    const h = HEADER + (rows === 0 ? 0 : rows * (CHIP_H + GAP) + GAP)
    const header = { x: x + w - 120, y: y + 8, w: 100, h: 28 }
    if (isCollapsed) collapsedOus.set(ou.id, header)
    mine.forEach((a, i) => {
      accounts.set(
        a.id,
        isCollapsed
          ? { ...header, visible: false, ou: ou.id }
          : {
              x: x + GAP + (i % perRow) * (CHIP_W + GAP),
              y: y + HEADER + Math.floor(i / perRow) * (CHIP_H + GAP),
              w: CHIP_W,
              h: CHIP_H,
              visible: true,
              ou: ou.id,
            },
      )
    })
    boxes.push({ ou, depth, x, y, w, h, collapsed: isCollapsed, accounts: mine })
    y += h + GAP
  }
  return { height: y + PAD, boxes, accounts, outsiders, collapsedOus }
}

/** An edge's curve between two chips, bending right so that it stays readable over the boxes. */
export function curve(a: Chip, b: Chip, width: number): string {
  const x1 = a.x + a.w
  const y1 = a.y + a.h / 2
  const x2 = b.x + b.w
  const y2 = b.y + b.h / 2
  // Within the picture: never past its right edge.
  const room = Math.max(8, width - 6 - Math.max(x1, x2))
  const bend = Math.min(room, 40 + Math.min(200, Math.abs(y2 - y1) * 0.25))
  return `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 + bend} ${y2}, ${x2 + 4} ${y2}`
}
