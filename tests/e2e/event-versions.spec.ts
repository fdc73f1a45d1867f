/** Every version of an event is kept as its trace; the list shows the newest. */
import { makeEvent, nextVersion } from '../fixtures/events'
import { expect, test } from './fixtures'

test('versions 1, 2, 3 of one event: the detail shows all three, the row the newest', async ({
  page,
  openWorkstation,
  publishEvent,
}) => {
  const workstation = await openWorkstation(page)
  const v1 = makeEvent({ title: '沾尚镇景区停车收费不规范（已上报）', status: 'reported' })
  const v2 = nextVersion(v1, 'accepted', { title: '沾尚镇景区停车收费不规范（已受理）' })
  const v3 = nextVersion(v2, 'dispatched', {
    title: '沾尚镇景区停车收费不规范（已派遣）',
    assignee: { unitId: 'U-SAMR', unitName: '县市场监督管理局' },
  })

  await publishEvent(v1)
  await expect(workstation.rowTitle(v1.id)).toHaveText(v1.title)
  await publishEvent(v2)
  await publishEvent(v3)

  await expect(workstation.rowTitle(v1.id)).toHaveText(v3.title)
  await expect(workstation.row(v1.id)).toHaveCount(1)
  await expect(workstation.row(v1.id)).toHaveAttribute('data-status', 'dispatched')

  await workstation.openDetail(v1.id)
  await expect(workstation.detailVersions).toHaveCount(3)
  for (const version of [1, 2, 3]) await expect(workstation.detailVersion(version)).toBeVisible()
})
