// electron-builder rebuilds better-sqlite3 for Electron *in place* (in the project's node_modules,
// see app-builder-lib/out/util/yarn.js `buildPath: appDir`). Packaging is done by then, so put
// the Node build back: the plain-Node engine, `npm run serve` and the tests need Node's ABI.
const { execFileSync } = require('node:child_process')

exports.default = async function restoreNodeAbi() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  console.log('  • restoring better-sqlite3 for Node (npm rebuild better-sqlite3)')
  execFileSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' })
  return []
}
