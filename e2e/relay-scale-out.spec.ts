import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { RELAY_PROCESS_URLS, killRelay, relayAttendeeCounts, startRedis, startRelay, stopRedis } from '../scripts/relay/control.mjs';
import { BOARD_VIEWPORT_SIZE, activateCell, participantPage, setCellWindow } from './support/board';
import { cell, studyUrl, waitForCellImage } from './support/grid';

/**
 * Live sessions beyond one relay process (issue 11): the real tier the project's scripts start
 * (Redis, two relay processes, nginx in front). A presenter through nginx and attendees both
 * through nginx and straight on the other relay process follow one session; the presenter's
 * relay is killed and it carries on through nginx; Redis is restarted and everyone converges;
 * without Redis no new session starts, with the reason.
 */

const STORE_UNAVAILABLE = 'The live-session relay cannot reach its session store';

function panel(page: Page) {
  return page.getByTestId('live-panel');
}

async function expectFollowing(page: Page, imageIndex: number, width: number, center: number): Promise<void> {
  await expect(cell(page, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', String(imageIndex));
  await expect(cell(page, 0).getByTestId('overlay-window')).toHaveText(`W ${width} L ${center}`);
}

/** An attendee whose viewer is configured with one relay process's own URL instead of nginx's. */
async function directAttendee(browser: Browser, relayUrl: string): Promise<Page> {
  // The viewer's CSP names config.json's relay (nginx); this participant's config names another.
  const context = await browser.newContext({ viewport: BOARD_VIEWPORT_SIZE, deviceScaleFactor: 1, bypassCSP: true });
  await context.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, liveRelay: { url: relayUrl } } });
  });
  return context.newPage();
}

async function join(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(panel(page)).toHaveAttribute('data-role', 'attendee');
  await expect(panel(page)).toHaveAttribute('data-connection', 'open');
  await waitForCellImage(page, 0);
  await waitForCellImage(page, 1);
}

/** Which relay process holds `more` sockets more than `before` said; waits until one does. */
async function relayGaining(before: Array<number | undefined>, more = 1): Promise<number> {
  let gained = -1;
  await expect
    .poll(async () => {
      const now = await relayAttendeeCounts();
      gained = now.findIndex((count, i) => (count ?? 0) - (before[i] ?? 0) >= more);
      return gained;
    })
    .toBeGreaterThanOrEqual(0);
  return gained;
}

test('one live session across relay processes: attendees on the other relay follow, the presenter survives its relay being killed, everyone converges after a Redis restart', async ({ browser }) => {
  test.setTimeout(240_000);
  const presenter = await participantPage(browser);
  await presenter.goto(studyUrl('ct-chest-axial'));
  await waitForCellImage(presenter, 0);
  await waitForCellImage(presenter, 1);

  const before = await relayAttendeeCounts();
  await presenter.getByRole('button', { name: 'Share…' }).click();
  await presenter.getByRole('button', { name: 'Start live session' }).click();
  await expect(panel(presenter)).toHaveAttribute('data-connection', 'open');
  const link = new URL(await presenter.getByTestId('live-link').inputValue());
  // Through nginx, round robin: whichever relay process took the presenter is A, the other B.
  const relayA = await relayGaining(before);
  const relayB = 1 - relayA;

  // Attendee on B by its own URL: everything it sees crossed Redis from A.
  const onB = await directAttendee(browser, RELAY_PROCESS_URLS[relayB]!);
  const beforeB = await relayAttendeeCounts();
  await join(onB, link.pathname);
  expect(await relayGaining(beforeB)).toBe(relayB);
  // And one through nginx, wherever round robin puts it.
  const viaNginx = await participantPage(browser);
  const beforeNginx = await relayAttendeeCounts();
  await join(viaNginx, link.pathname);
  test.info().annotations.push({ type: 'relays', description: `presenter on relay ${relayA + 1}, direct attendee on relay ${relayB + 1}, nginx attendee on relay ${(await relayGaining(beforeNginx)) + 1}` });

  await activateCell(presenter, 0);
  for (let i = 0; i < 3; i += 1) await presenter.keyboard.press('ArrowDown');
  await setCellWindow(presenter, 0, 400, 40);
  for (const page of [onB, viaNginx]) await expectFollowing(page, 3, 400, 40);
  await expect(panel(onB).locator('li')).toHaveCount(3);

  // Relay A dies: the presenter's viewer reconnects through nginx, which now sends it to B.
  await killRelay(relayA);
  await expect(panel(presenter)).toHaveAttribute('data-connection', 'open');
  await expect(panel(presenter)).toHaveAttribute('data-role', 'presenter');
  await expect.poll(async () => (await relayAttendeeCounts())[relayA]).toBeUndefined();
  await activateCell(presenter, 0);
  await presenter.keyboard.press('PageDown');
  await setCellWindow(presenter, 0, 1500, -600);
  for (const page of [onB, viaNginx]) await expectFollowing(page, 13, 1500, -600);
  await startRelay(); // A comes back (nginx uses it again after its fail timeout)

  // Redis restarts: every relay drops its sockets rather than run the session alone; the change
  // the presenter makes meanwhile reaches everyone once Redis is back.
  await stopRedis();
  for (const page of [presenter, onB, viaNginx]) {
    await expect(panel(page)).toHaveAttribute('data-connection', 'reconnecting');
    await expect(panel(page)).toContainText(STORE_UNAVAILABLE);
  }
  // Meanwhile no relay starts a session of its own: the viewer says why.
  const another = await participantPage(browser);
  await another.goto(studyUrl('ct-chest-axial'));
  await waitForCellImage(another, 0);
  await another.getByRole('button', { name: 'Share…' }).click();
  await another.getByRole('button', { name: 'Start live session' }).click();
  await expect(another.getByRole('alert')).toContainText(STORE_UNAVAILABLE);

  await activateCell(presenter, 0);
  await presenter.keyboard.press('End');
  await setCellWindow(presenter, 0, 80, 35);
  await startRedis();
  for (const page of [presenter, onB, viaNginx]) await expect(panel(page)).toHaveAttribute('data-connection', 'open');
  await expect(panel(presenter)).toHaveAttribute('data-role', 'presenter');
  for (const page of [onB, viaNginx]) await expectFollowing(page, 255, 80, 35);

  await panel(presenter).getByRole('button', { name: 'End for everyone' }).click();
  for (const page of [onB, viaNginx]) await expect(panel(page)).toContainText('The presenter ended this live session.');
  for (const page of [presenter, onB, viaNginx, another]) await page.context().close();
});
