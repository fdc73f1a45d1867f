#!/usr/bin/env node
/**
 * `npm run serve -- [options]`: the browser host. Builds when the output is stale, then runs the
 * plain-Node engine host (out/main/host.js), which serves the built UI and prints its URL.
 * Without --broker it starts an embedded broker and the demo county. Options: see README.
 */
import { join } from 'node:path'
import { ensureBuild, ROOT } from './lib/ensure-build.mjs'
import { passThroughArgs, runNodeForeground } from './lib/run.mjs'

await ensureBuild()
runNodeForeground(join(ROOT, 'out', 'main', 'host.js'), passThroughArgs(), { cwd: process.cwd() })
