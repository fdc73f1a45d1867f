/**
 * Chromium heap snapshots (.heapsnapshot) read without DevTools, to see what a page kept between
 * two snapshots of it (bench/wall-soak.ts with BENCH_SOAK_SNAPSHOTS; bench/heap-diff.ts by hand):
 * - self size and count per kind (constructor, closure name, string, native class), before → after;
 * - the objects created after the first snapshot and still alive (V8 keeps node ids across
 *   snapshots of one page, so "new" is "id above the first snapshot's highest"), grouped by the
 *   older object that holds them and the first edges from it — the growing collection;
 * - for the largest groups, the retainer path from the GC roots to that holder.
 */
import { readFileSync } from 'node:fs'

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[]
      node_types: [string[], ...unknown[]]
      edge_fields: string[]
      edge_types: [string[], ...unknown[]]
    }
  }
  nodes: number[]
  edges: number[]
  strings: string[]
}

/** The highest object ids of a snapshot: what came later is newer. */
export interface Watermark {
  heap: number
  native: number
}

export class HeapSnapshot {
  readonly count: number
  private readonly nodes: Uint32Array
  private readonly edges: Uint32Array
  private readonly strings: string[]
  private readonly nodeTypes: string[]
  private readonly edgeTypes: string[]
  private readonly nf: number
  private readonly ef: number
  private readonly at: { type: number; name: number; id: number; size: number; edgeCount: number }
  private readonly firstEdge: Uint32Array
  private tree: { parent: Int32Array; parentEdge: Int32Array } | null = null

  constructor(file: string) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot
    const meta = raw.snapshot.meta
    this.nf = meta.node_fields.length
    this.ef = meta.edge_fields.length
    const field = (name: string) => meta.node_fields.indexOf(name)
    this.at = {
      type: field('type'),
      name: field('name'),
      id: field('id'),
      size: field('self_size'),
      edgeCount: field('edge_count'),
    }
    if (meta.edge_fields.join() !== 'type,name_or_index,to_node') throw new Error('unexpected edge fields')
    this.nodes = Uint32Array.from(raw.nodes)
    this.edges = Uint32Array.from(raw.edges)
    this.strings = raw.strings
    this.nodeTypes = meta.node_types[0]
    this.edgeTypes = meta.edge_types[0]
    this.count = this.nodes.length / this.nf
    this.firstEdge = new Uint32Array(this.count + 1)
    for (let i = 0, e = 0; i < this.count; i++) {
      this.firstEdge[i] = e
      e += this.nodes[i * this.nf + this.at.edgeCount] * this.ef
    }
    this.firstEdge[this.count] = this.edges.length
  }

  type = (i: number) => this.nodeTypes[this.nodes[i * this.nf + this.at.type]]
  name = (i: number) => this.strings[this.nodes[i * this.nf + this.at.name]]
  id = (i: number) => this.nodes[i * this.nf + this.at.id]
  size = (i: number) => this.nodes[i * this.nf + this.at.size]

  /** What objects are counted under: strings together, everything else by type and name. */
  kind(i: number) {
    const type = this.type(i)
    return type.endsWith('string') ? type : `${type}:${this.name(i).slice(0, 80)}`
  }

  describe = (i: number) => `${this.type(i)}:${this.name(i).slice(0, 60)} @${this.id(i)}`

  edgeLabel(k: number) {
    const type = this.edgeTypes[this.edges[k]]
    const n = this.edges[k + 1]
    return type === 'element' || type === 'hidden'
      ? `[${n}]`
      : `${type === 'property' ? '.' : `${type}:`}${this.strings[n]}`
  }

  /** Shortest strong path from the root to every object (breadth first, weak edges left out). */
  private retainerTree() {
    if (this.tree) return this.tree
    const parent = new Int32Array(this.count).fill(-1)
    const parentEdge = new Int32Array(this.count).fill(-1)
    const queue = new Uint32Array(this.count)
    const seen = new Uint8Array(this.count)
    let head = 0
    let tail = 0
    queue[tail++] = 0
    seen[0] = 1
    while (head < tail) {
      const i = queue[head++]
      for (let k = this.firstEdge[i]; k < this.firstEdge[i + 1]; k += this.ef) {
        if (this.edgeTypes[this.edges[k]] === 'weak') continue
        const to = this.edges[k + 2] / this.nf
        if (seen[to]) continue
        seen[to] = 1
        parent[to] = i
        parentEdge[to] = k
        queue[tail++] = to
      }
    }
    return (this.tree = { parent, parentEdge })
  }

  /** The retainer path of object `i`, root first, one line per edge. */
  pathTo(i: number): string[] {
    const { parent, parentEdge } = this.retainerTree()
    const lines: string[] = []
    for (let c = i; parent[c] >= 0; c = parent[c])
      lines.push(`${this.describe(parent[c])} —${this.edgeLabel(parentEdge[c])}→ ${this.describe(c)}`)
    return lines.length || i === 0 ? lines.reverse() : ['(not reachable)']
  }

  indexOfId(id: number) {
    for (let i = 0; i < this.count; i++) if (this.id(i) === id) return i
    return -1
  }

  /**
   * The highest ids in this snapshot: of V8's heap objects, and of embedder (native) objects, which
   * Chromium numbers in sequence too but Node by address; synthetic nodes are left out.
   */
  maxIds(): Watermark {
    const max = { heap: 0, native: 0 }
    for (let i = 0; i < this.count; i++) {
      const type = this.type(i)
      if (type === 'native') max.native = Math.max(max.native, this.id(i))
      else if (type !== 'synthetic') max.heap = Math.max(max.heap, this.id(i))
    }
    return max
  }

  /** Created after the snapshot with these ids (V8 keeps an object's id across snapshots of one page). */
  isNewer(i: number, since: Watermark) {
    const type = this.type(i)
    return type !== 'synthetic' && this.id(i) > (type === 'native' ? since.native : since.heap)
  }

  /** The objects created after `since`, grouped by their nearest older holder and the edges from it. */
  newObjectsByHolder(since: Watermark, depth = 3) {
    const { parent, parentEdge } = this.retainerTree()
    const groups = new Map<string, { holder: number; size: number; count: number }>()
    const generic = (label: string) => label.replace(/^\[\d+\]$/, '[n]').replace(/^internal:\d+.*/, 'internal:n')
    for (let i = 0; i < this.count; i++) {
      if (!this.isNewer(i, since)) continue
      const edges: string[] = []
      let c = i
      while (parent[c] >= 0 && this.isNewer(parent[c], since)) {
        edges.push(generic(this.edgeLabel(parentEdge[c])))
        c = parent[c]
      }
      const holder = parent[c]
      if (holder >= 0) edges.push(generic(this.edgeLabel(parentEdge[c])))
      const key = `${holder < 0 ? '(not reachable)' : this.describe(holder)} ${edges.reverse().slice(0, depth).join(' ')}`
      const g = groups.get(key) ?? { holder, size: 0, count: 0 }
      g.size += this.size(i)
      g.count++
      groups.set(key, g)
    }
    return [...groups].map(([key, g]) => ({ key, ...g })).sort((a, b) => b.size - a.size)
  }

  sizesByKind() {
    const kinds = new Map<string, { count: number; size: number }>()
    for (let i = 0; i < this.count; i++) {
      const k = this.kind(i)
      const v = kinds.get(k) ?? { count: 0, size: 0 }
      v.count++
      v.size += this.size(i)
      kinds.set(k, v)
    }
    return kinds
  }
}

const pad = (v: number | string, n: number) => String(v).padStart(n)
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`

export function heapDiffReport(beforeFile: string, afterFile: string, groups = 25): string {
  const before = new HeapSnapshot(beforeFile)
  const after = new HeapSnapshot(afterFile)
  const out: string[] = []
  const a = before.sizesByKind()
  const b = after.sizesByKind()
  const total = (m: Map<string, { size: number }>) => [...m.values()].reduce((s, v) => s + v.size, 0)
  out.push(`self size ${mb(total(a))} → ${mb(total(b))}; objects ${before.count} → ${after.count}`)
  out.push('', 'growth by kind (self size, count):')
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => {
    const x = a.get(k) ?? { count: 0, size: 0 }
    const y = b.get(k) ?? { count: 0, size: 0 }
    return { k, size: y.size - x.size, count: y.count - x.count, now: y.count }
  })
  for (const r of rows.sort((p, q) => q.size - p.size).slice(0, groups))
    out.push(`${pad(r.size, 11)} B ${pad(r.count, 8)} (now ${pad(r.now, 7)})  ${r.k}`)

  const byHolder = after.newObjectsByHolder(before.maxIds())
  out.push('', 'created since the first snapshot and still alive, by older holder and first edges:')
  for (const g of byHolder.slice(0, groups)) out.push(`${pad(g.size, 11)} B ${pad(g.count, 8)}  ${g.key}`)
  const holders = [...new Set(byHolder.slice(0, 5).map((g) => g.holder))].filter((h) => h >= 0)
  for (const h of holders) out.push('', `path to ${after.describe(h)}:`, ...after.pathTo(h).map((l) => `  ${l}`))
  return out.join('\n')
}
