#!/usr/bin/env node
/** `npm run simulate -- --broker URL --rate N`: the county platform simulator on its own. */
import { join } from 'node:path'
import { ensureBuild, ROOT } from './lib/ensure-build.mjs'
import { passThroughArgs, runNodeForeground } from './lib/run.mjs'

await ensureBuild()
runNodeForeground(join(ROOT, 'out', 'main', 'simulate.js'), passThroughArgs())
