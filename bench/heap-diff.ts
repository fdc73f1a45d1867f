/**
 * Compares two heap snapshots of one page (see heap-snapshot.ts), e.g. the ones
 * `BENCH_SOAK_SNAPSHOTS=dir npm run bench -- wall-soak` writes after the warm-up and at the end:
 * `node out/bench/heap-diff.mjs before.heapsnapshot after.heapsnapshot [groups=25]` (bundled by
 * `npm run bench`), or `node out/bench/heap-diff.mjs file.heapsnapshot --path <node id>` for the
 * retainer path of one object.
 */
import { HeapSnapshot, heapDiffReport } from './heap-snapshot'

const [first, second, third] = process.argv.slice(2)
if (!first || !second) {
  console.error('usage: heap-diff before.heapsnapshot after.heapsnapshot [groups] | heap-diff file --path <id>')
  process.exit(2)
}
if (second === '--path') {
  const snapshot = new HeapSnapshot(first)
  const i = snapshot.indexOfId(Number(third))
  console.log(i < 0 ? `no object @${third}` : snapshot.pathTo(i).join('\n'))
} else console.log(heapDiffReport(first, second, third ? Number(third) : undefined))
