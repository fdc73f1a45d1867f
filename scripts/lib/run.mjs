/** Runs a Node entry in the foreground, forwarding signals and the exit code. */
import { spawn } from 'node:child_process'

export function runNodeForeground(entry, args, opts = {}) {
  const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit', ...opts })
  const forward = (sig) => () => child.kill(sig)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, forward(sig))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
  return child
}

/** npm passes `npm run x -- --a b` as `--a b`; a stray leading `--` is dropped too. */
export const passThroughArgs = (argv = process.argv.slice(2)) => (argv[0] === '--' ? argv.slice(1) : argv)
