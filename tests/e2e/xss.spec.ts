/** No text from any message is ever interpreted as HTML. */
import { makeEvent } from '../fixtures/events'
import { expect, test } from './fixtures'

const HOSTILE = '<img src=x onerror="window.__xss=1">脚本<script>window.__xss=2</script>'

test('a title containing HTML and script is shown literally as text', async ({
  page,
  openWorkstation,
  publishEvent,
}) => {
  const workstation = await openWorkstation(page)
  const event = makeEvent({ title: HOSTILE, description: `描述 ${HOSTILE}`, location: { address: HOSTILE } })

  await publishEvent(event)

  await expect(workstation.rowTitle(event.id)).toContainText('<img')
  await expect(workstation.rowTitle(event.id)).toHaveText(HOSTILE)
  await workstation.openDetail(event.id)
  await expect(workstation.detail).toContainText('<script>window.__xss=2</script>')

  expect(await page.evaluate('typeof window.__xss')).toBe('undefined')
  await expect(page.locator('img[src="x"]')).toHaveCount(0)
})
