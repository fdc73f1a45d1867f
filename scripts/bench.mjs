#!/usr/bin/env node
/**
 * `npm run bench [-- name…]`: builds the app when stale, bundles bench/*.ts with esbuild
 * (dependencies stay external) and runs each benchmark in its own process. Each prints its
 * result as a ratio against a raw baseline measured in the same run, and writes
 * bench/results/<name>.json.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { ensureBuild, ROOT } from './lib/ensure-build.mjs'

const HELPERS = new Set([
  'lib',
  'raw-subscriber',
  'floor-subscriber',
  'dataset',
  'raw-http',
  'storm-client',
  'wall-lib',
  'heap-snapshot',
  'heap-diff',
])
const wanted = process.argv.slice(2).filter((a) => a !== '--')
const all = readdirSync(join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
const benches = all.filter((n) => !HELPERS.has(n) && (wanted.length === 0 || wanted.includes(n)))

await ensureBuild()
const outdir = join(ROOT, 'out', 'bench')
await build({
  entryPoints: all.map((n) => join(ROOT, 'bench', `${n}.ts`)),
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
})

let failed = 0
for (const name of benches) {
  console.log(`\n▶ bench ${name}`)
  const r = spawnSync(process.execPath, [join(outdir, `${name}.mjs`)], { stdio: 'inherit', cwd: ROOT })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
