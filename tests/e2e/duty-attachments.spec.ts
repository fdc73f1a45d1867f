/** Attachments on duty-log entries: uploaded with the entry, images shown from checked bytes, other files downloaded. */
import { expect, test } from './fixtures'

// A 2×2 PNG (red, green / blue, white).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
)

test('a lead attaches a photo and a file; the photo shows, the file is served as bytes only', async ({
  page,
  engine,
  openWorkstation,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  const workstation = await openWorkstation(page, 'lead')
  await workstation.goToRoute('#/duty-log')

  const input = page.getByTestId('duty-attachment-input')
  await input.setInputFiles([
    { name: '现场照片.png', mimeType: 'image/png', buffer: PNG },
    // Claims to be a picture, is HTML: stored and served as application/octet-stream.
    { name: '伪装.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') },
  ])
  await expect(page.getByTestId('duty-attachment-chosen')).toHaveCount(2)
  await input.setInputFiles([
    { name: '太大.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(800 * 1024) },
  ])
  await expect(page.getByText('“太大.bin”超过 700 KB，未添加')).toBeVisible()
  await expect(page.getByTestId('duty-attachment-chosen')).toHaveCount(2)

  await page.getByTestId('duty-entry-type').click()
  await page.getByRole('option', { name: '检查' }).click()
  await page.getByTestId('duty-entry-text').fill('夜查金博园小区消防通道，已拍照')
  await page.getByTestId('duty-entry-submit').click()
  const entry = page.getByTestId('duty-entry').filter({ hasText: '夜查金博园小区消防通道' })
  await expect(entry).toHaveCount(1)
  const img = entry.getByTestId('duty-attachment-image')
  await expect(img).toHaveCount(1)
  await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(2)
  await expect(entry.getByTestId('duty-attachment-file')).toContainText('伪装.png')
  await page.screenshot({ path: test.info().outputPath('duty-attachments-1920.png') })

  // The engine serves each with the type checked from its bytes.
  const list = await engine.get<{ items: { attachments: { name: string; mime: string; url: string }[] }[] }>(
    '/api/duty-log?type=inspection',
  )
  const atts = list.items[0].attachments
  expect(atts.map((a) => [a.name, a.mime])).toEqual([
    ['现场照片.png', 'image/png'],
    ['伪装.png', 'application/octet-stream'],
  ])
  for (const a of atts) {
    const res = await fetch(`${engine.url}${a.url}`, { headers: { Authorization: `Bearer ${engine.token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(a.mime)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  }
  expect((await fetch(`${engine.url}${atts[0].url}`)).status).toBe(401)
})
