/**
 * The wall rotation: the shift lead edits playlists and schedule on a workstation (checked, with
 * errors next to the fields), saves, and a wall playing `#/wall/play` follows at once; a duty
 * officer may not change it.
 */
import { join } from 'node:path'
import { DEFAULT_WALL_CONFIG } from '../../electron/contract/wall'
import { PROJECT_ROOT } from '../helpers/engine'
import { WallPage } from '../pages/wall'
import { expect, test } from './fixtures'

test('the shift lead’s rotation applies to a playing wall live; an officer may not change it', async ({
  page,
  browser,
  engine,
  openWorkstation,
}) => {
  const wallPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
  const wall = new WallPage(wallPage)
  await wall.open(engine.url, engine.token, '#/wall/play')
  const rotation = wallPage.getByTestId('wall-rotation')
  await expect(rotation).toBeVisible()

  await openWorkstation(page, 'lead')
  await new WallPage(page).showRoute('#/wall-rotation', 'wall-rotation-editor')
  await expect(page.getByTestId('rotation-version')).toHaveAttribute('data-version', '0')

  // A bad time is refused with the reason next to the field, nothing is saved.
  // Element Plus puts a test id on the <input> itself or on its wrapper, depending on the component.
  const inputOf = (testId: string) => `input[data-testid="${testId}"], [data-testid="${testId}"] input`
  const from = page.getByTestId('schedule-0').locator(inputOf('schedule-from'))
  await from.fill('25:00')
  await page.getByTestId('rotation-save').click()
  await expect(page.getByTestId('schedule-0')).toContainText('时间格式为 HH:MM')
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'screenshots', 'wall-rotation-editor.png') })
  await expect(page.getByTestId('rotation-version')).toHaveAttribute('data-version', '0')

  // No night layout; the day playlist shows only the map, for an hour.
  await page.getByTestId('schedule-0').getByRole('button', { name: '删除' }).click()
  const first = page.getByTestId('playlist-day-page-0')
  await first.getByTestId('page-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '全县地图' }).click()
  await first.locator(inputOf('page-duration')).fill('3600')
  await first.locator(inputOf('page-duration')).blur()
  await page.getByTestId('playlist-day-page-1').getByRole('button', { name: '删除' }).click()
  await page.getByTestId('rotation-save').click()
  await expect(page.getByTestId('rotation-version')).toHaveAttribute('data-version', '1')

  await expect(rotation).toHaveAttribute('data-playlist', 'day')
  await expect(rotation).toHaveAttribute('data-page', 'map')
  await expect(wallPage.getByTestId('wall-page-map')).toBeVisible()
  await expect(wall.townshipRanking).toHaveAttribute('data-level', 'township')

  // Through the API too: one township only — the map page's ranking shows its villages.
  const lead = await engine.sessionToken('lead')
  const filtered = {
    ...DEFAULT_WALL_CONFIG,
    schedule: [],
    playlists: [
      { id: 'day', name: '乐平镇专题', pages: [{ page: 'map', durationSec: 3600, townshipCode: '140724100' }] },
    ],
  }
  const saved = await engine.rpc('wall.setConfig', { config: filtered, baseVersion: 1 }, lead)
  expect(saved.ok, JSON.stringify(saved)).toBe(true)
  await expect(rotation).toHaveAttribute('data-township', '140724100')
  await expect(rotation).toContainText('乐平镇专题')
  await expect(wall.townshipRanking).toHaveAttribute('data-level', 'village')

  // A stale save (version 1 again) is refused; an officer may not save at all.
  const stale = await engine.rpc('wall.setConfig', { config: DEFAULT_WALL_CONFIG, baseVersion: 1 }, lead)
  expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } })
  const officer = await engine.sessionToken('officer')
  const refused = await engine.rpc('wall.setConfig', { config: DEFAULT_WALL_CONFIG, baseVersion: 2 }, officer)
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  await wallPage.context().close()
})
