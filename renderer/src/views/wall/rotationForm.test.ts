import { describe, expect, it } from 'vitest'
import { DEFAULT_WALL_CONFIG } from '../../../../electron/contract'
import { draftOf, newPlaylistId, validateDraft } from './rotationForm'

describe('rotation form', () => {
  it('edits a copy, never the configuration itself', () => {
    const draft = draftOf(DEFAULT_WALL_CONFIG)
    draft.playlists[0].name = '改'
    expect(DEFAULT_WALL_CONFIG.playlists[0].name).toBe('日间')
  })
  it('reports each bad field once, by path, in Chinese', () => {
    const draft = draftOf(DEFAULT_WALL_CONFIG)
    draft.playlists[0].name = ' '
    draft.playlists[0].pages[1].durationSec = 1
    draft.schedule[0].to = '7:00'
    const r = validateDraft(draft)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.errors).toEqual({
      'playlists.0.name': '请填写播放列表名称',
      'playlists.0.pages.1.durationSec': '时长至少 5 秒',
      'schedule.0.to': '时间格式为 HH:MM',
    })
    expect(validateDraft(draftOf(DEFAULT_WALL_CONFIG)).ok).toBe(true)
  })
  it('gives new playlists free ids', () => {
    const c = draftOf(DEFAULT_WALL_CONFIG)
    c.playlists.push({ ...c.playlists[0], id: 'p1' })
    expect(newPlaylistId(c)).toBe('p2')
  })
})
