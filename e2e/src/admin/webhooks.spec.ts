import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from '../fixtures';
import { api, apiSignIn, brokenEvent, deliverWebhook, signIn } from './system';

interface Health {
  counts: Record<'received' | 'processed' | 'ignored' | 'failed' | 'dead', number>;
  signatureFailures: number;
}

async function health(request: APIRequestContext): Promise<Health> {
  return (await (await request.get(`${api}/api/admin/webhooks/health?window=1h`)).json()) as Health;
}

async function deadEventIds(request: APIRequestContext): Promise<string[]> {
  const page = (await (await request.get(`${api}/api/admin/webhooks/events?status=dead&limit=200`)).json()) as {
    events: { stripeEventId: string }[];
  };
  return page.events.map((event) => event.stripeEventId);
}

// One at a time: both change the dead-event count the other one reads.
test.describe.configure({ mode: 'serial' });

test.describe('admin webhook health', () => {
  test('shows the counts of a seeded scenario: dead events, signature failures, and lists the dead ones', async ({
    page,
    playwright,
  }) => {
    const request = await playwright.request.newContext();
    await apiSignIn(request);
    const before = await health(request);

    const broken = [brokenEvent(), brokenEvent()];
    for (const event of broken) expect(await deliverWebhook(request, event)).toBe(200);
    const unknownType = `e2e.scenario_${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i++) {
      const event = { ...brokenEvent(), type: unknownType };
      expect(await deliverWebhook(request, event)).toBe(200);
    }
    expect(await deliverWebhook(request, brokenEvent(), 'whsec_not_the_secret')).toBe(400);
    // Refusals are counted in memory and written every second: wait for the count to reach the API.
    await expect
      .poll(async () => (await health(request)).signatureFailures, { timeout: 10_000 })
      .toBe(before.signatureFailures + 1);
    await expect
      .poll(async () => (await deadEventIds(request)).filter((id) => broken.some((e) => e.id === id)))
      .toHaveLength(2);

    await signIn(page);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: '1 h' }).click();
    const counts = page.getByLabel('Event counts');
    const value = (term: string) =>
      counts
        .locator('div')
        .filter({ has: page.getByText(term, { exact: true }) })
        .locator('dd');
    await expect(value('Dead')).toHaveText(String(before.counts.dead + 2));
    const delivery = page.getByLabel('Delivery health');
    await expect(
      delivery
        .locator('div')
        .filter({ has: page.getByText('Signature failures', { exact: true }) })
        .locator('dd'),
    ).toHaveText(String(before.signatureFailures + 1));
    expect(Number(await value('Ignored').textContent())).toBeGreaterThanOrEqual(before.counts.ignored + 3);
    const table = page.getByRole('region', { name: 'Failed and dead events table' });
    for (const event of broken)
      await expect(table.getByRole('row').filter({ hasText: event.id })).toContainText(/not-a-status/);
    await request.dispose();
  });

  test('replays a dead event from the health page: the workers process it again and the replay is audited', async ({
    page,
    playwright,
  }) => {
    const request = await playwright.request.newContext();
    await apiSignIn(request);
    const event = brokenEvent();
    expect(await deliverWebhook(request, event)).toBe(200);
    await expect.poll(async () => (await deadEventIds(request)).includes(event.id)).toBe(true);
    const inbox = async () =>
      (
        (await (await request.get(`${api}/api/admin/webhooks/events?status=dead&limit=200`)).json()) as {
          events: { id: string; stripeEventId: string; processedAt: string | null; nextAttemptAt: string }[];
        }
      ).events.find((e) => e.stripeEventId === event.id);
    const first = await inbox();

    await signIn(page);
    await page.goto('/webhooks');
    await page.getByRole('button', { name: `Replay ${event.id}` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Replayed 1 event' })).toBeVisible();

    // Replayed, it ran again (its cause is still there, so it is dead again, with a later attempt) and was audited.
    await expect.poll(async () => (await inbox())?.nextAttemptAt, { timeout: 15_000 }).not.toBe(first?.nextAttemptAt);
    const audit = (await (
      await request.get(`${api}/api/admin/audit?action=webhook.replayed&targetId=${first!.id}`)
    ).json()) as {
      entries: { actorEmail: string }[];
    };
    expect(audit.entries).toEqual([expect.objectContaining({ actorEmail: 'admin@storepay.local' })]);
    await request.dispose();
  });
});
