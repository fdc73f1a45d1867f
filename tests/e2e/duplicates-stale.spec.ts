/** Duplicates and stale versions are counted and never change an event's state. */
import { makeEvent, nextVersion } from '../fixtures/events'
import { expect, test } from './fixtures'

test('a duplicate adds no row and is counted; a stale version is counted and the row keeps the newest', async ({
  page,
  openWorkstation,
  publishEvent,
  counters,
}) => {
  const workstation = await openWorkstation(page)
  const v1 = makeEvent({ title: '大寨镇宅基地纠纷（v1）' })
  const v2 = nextVersion(v1, 'accepted', { title: '大寨镇宅基地纠纷（v2）' })
  const v3 = nextVersion(v2, 'dispatched', { title: '大寨镇宅基地纠纷（v3）' })

  await publishEvent(v1)
  await publishEvent(v3)
  await expect(workstation.rowTitle(v1.id)).toHaveText(v3.title)
  await workstation.expectCounter('duplicates', 0)
  await workstation.expectCounter('stale', 0)

  // The same (id, version) again: a duplicate.
  await publishEvent(v3)
  await workstation.expectCounter('duplicates', 1)
  await expect(workstation.rows).toHaveCount(1)
  await expect(workstation.rowTitle(v1.id)).toHaveText(v3.title)

  // A version lower than the stored one, never seen before: stale.
  await publishEvent(v2)
  await workstation.expectCounter('stale', 1)
  await expect(workstation.rows).toHaveCount(1)
  await expect(workstation.rowTitle(v1.id)).toHaveText(v3.title)

  expect(await counters()).toMatchObject({ stored: 2, duplicates: 1, stale: 1, quarantined: 0 })
  await workstation.expectCounter('stored', 2)
})
