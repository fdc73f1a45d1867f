/** Handlers of the wall rotation methods; a save is pushed to every wall at once (`wall.onDidChangeConfig`). */
import type { WallConfigRepo } from '../store/wall-config-repo'
import type { Handlers } from './dispatcher'
import type { LiveHub } from './live'

export function createWallHandlers(repo: WallConfigRepo, live: Pick<LiveHub, 'changed'>) {
  const handlers: Pick<Handlers, 'wall.getConfig' | 'wall.setConfig'> = {
    'wall.getConfig': () => repo.get(),
    'wall.setConfig': ({ config, baseVersion }, ctx) => {
      const state = repo.set(config, baseVersion, ctx.operator?.displayName ?? null)
      live.changed('wall.onDidChangeConfig', 'config', state)
      return state
    },
  }
  return handlers
}
