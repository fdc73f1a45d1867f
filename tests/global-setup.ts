/** Tests that start the engine host need out/main/host.js: build once when it is stale. */
import { ensureBuild } from '../scripts/lib/ensure-build.mjs'

export default async function setup() {
  await ensureBuild()
}
