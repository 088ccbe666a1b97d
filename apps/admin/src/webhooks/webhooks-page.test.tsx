import type { WebhookEventSummary } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { healthFixture, jsonResponse, mockApi, ORDER_ID, sessionFor } from '../test/fixtures';
import { renderApp } from '../test/render-app';

function event(overrides: Partial<WebhookEventSummary>): WebhookEventSummary {
  return {
    id: '5e0c1a2b-0000-4000-8000-000000000001',
    stripeEventId: 'evt_failed_1',
    type: 'charge.refunded',
    status: 'failed',
    source: 'webhook',
    paymentIntentId: 'pi_1',
    attempts: 3,
    lastError: 'order not found for pi_1',
    stripeCreatedAt: '2026-11-26T10:00:00.000Z',
    receivedAt: '2026-11-26T10:00:01.000Z',
    processedAt: null,
    nextAttemptAt: '2026-11-26T10:05:00.000Z',
    ...overrides,
  };
}

const failedEvent = event({});
const deadEvent = event({
  id: '5e0c1a2b-0000-4000-8000-000000000002',
  stripeEventId: 'evt_dead_1',
  status: 'dead',
  attempts: 8,
  lastError: 'boom',
});

function healthApi() {
  return mockApi({
    'GET /api/admin/webhooks/health': ({ search }) =>
      jsonResponse({ ...healthFixture, window: search.get('window') ?? 'missing' }),
    'GET /api/admin/webhooks/events': ({ search }) =>
      jsonResponse({
        events: search.get('status') === 'dead' ? [deadEvent] : search.get('status') === 'failed' ? [failedEvent] : [],
        nextCursor: null,
      }),
    'POST /api/admin/webhooks/events/replay': (call) =>
      jsonResponse({ replayed: (call.body as { ids: string[] }).ids, skipped: [] }),
    'POST /api/admin/webhooks/events/5e0c1a2b-0000-4000-8000-000000000002/replay': () =>
      jsonResponse({ replayed: [deadEvent.id], skipped: [] }),
    'GET /api/admin/reconciliations': () => jsonResponse({ runs: [] }),
    'POST /api/admin/reconciliations': () =>
      jsonResponse(
        {
          id: 'run-1',
          status: 'succeeded',
          cursorFrom: null,
          cursorTo: null,
          eventsListed: 42,
          eventsInserted: 2,
          findings: { missingEvents: ['evt_a', 'evt_b'], undeliveredListed: 0, drift: [] },
          error: null,
          startedAt: '2026-11-26T12:00:00.000Z',
          finishedAt: '2026-11-26T12:00:02.000Z',
        },
        201,
      ),
  });
}

/** A definition list as {term: value}. */
function definitions(list: HTMLElement): Record<string, string> {
  return Object.fromEntries(
    Array.from(list.querySelectorAll('dt')).map((term) => [
      term.textContent,
      term.nextElementSibling?.textContent ?? '',
    ]),
  );
}

describe('webhook health page', () => {
  it('shows the counts, lag, backlog and success rate per type from the API', async () => {
    const api = healthApi();
    renderApp('/webhooks', { session: sessionFor('viewer') });

    const counts = await screen.findByLabelText('Event counts');
    expect(counts.tagName).toBe('DL');
    expect(definitions(counts)).toEqual({
      Received: '134',
      Processed: '120',
      Ignored: '7',
      Failed: '3',
      Dead: '1',
      Queued: '3',
    });
    const health = definitions(screen.getByLabelText('Delivery health'));
    expect(health).toMatchObject({
      'Lag p50': '850 ms',
      'Lag p95': '4.2 s',
      'Signature failures': '5',
      Backlog: '3',
      'Oldest in backlog': '2 min',
      'Payment anomalies': '1',
    });
    const anomalies = screen.getByRole('table', { name: 'Payment anomalies in the last 24 hours' });
    expect(
      within(anomalies)
        .getByRole('link', { name: ORDER_ID.slice(0, 8) })
        .getAttribute('href'),
    ).toBe(`/payments/${ORDER_ID}`);
    expect(health['Last event']).not.toBe('—');
    const types = screen.getByRole('table', { name: 'Success rate by event type' });
    const rows = within(types)
      .getAllByRole('row')
      .map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Event type', 'Total', 'Processed', 'Failed', 'Dead', 'Success rate'],
      ['payment_intent.succeeded', '100', '98', '2', '0', '98.0%'],
      ['charge.refunded', '20', '18', '1', '1', '90.0%'],
    ]);
    expect(api.callsTo('GET', '/api/admin/webhooks/health')[0]?.search.get('window')).toBe('24h');

    // Failed and dead events with their errors; a viewer cannot replay or reconcile.
    const events = await screen.findByRole('table', { name: 'Failed and dead events' });
    expect(events.textContent).toContain('order not found for pi_1');
    expect(events.textContent).toContain('evt_dead_1');
    expect(within(events).queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Run reconciliation' })).toBeNull();
  });

  it('switches the window and keeps it in the URL', async () => {
    const api = healthApi();
    const { router } = renderApp('/webhooks');
    await screen.findByLabelText('Event counts');
    const group = screen.getByRole('group', { name: 'Time window' });
    expect(within(group).getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(within(group).getByRole('button', { name: '1 h' }));
    await waitFor(() => expect(router.state.location.search).toBe('?window=1h'));
    await waitFor(() =>
      expect(api.callsTo('GET', '/api/admin/webhooks/health').map((call) => call.search.get('window'))).toEqual([
        '24h',
        '1h',
      ]),
    );
    expect(within(group).getByRole('button', { name: '1 h' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('lets an admin replay a selection or one event, and run a reconciliation', async () => {
    const api = healthApi();
    renderApp('/webhooks');
    const events = await screen.findByRole('table', { name: 'Failed and dead events' });

    fireEvent.click(within(events).getByRole('checkbox', { name: 'Select evt_failed_1' }));
    fireEvent.click(within(events).getByRole('checkbox', { name: 'Select evt_dead_1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Replay selected (2)' }));
    expect(await screen.findByText(/Replayed 2 events/)).toBeDefined();
    const replay = api.callsTo('POST', '/api/admin/webhooks/events/replay')[0];
    expect((replay?.body as { ids: string[] }).ids.sort()).toEqual([failedEvent.id, deadEvent.id].sort());
    expect(replay?.headers['x-csrf-token']).toBe('csrf-admin');

    fireEvent.click(await screen.findByRole('button', { name: 'Replay evt_dead_1' }));
    expect(await screen.findByText(/Replayed 1 event\./)).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Run reconciliation' }));
    const result = await screen.findByLabelText('Reconciliation result');
    expect(definitions(result)).toMatchObject({ 'Events listed': '42', 'Events inserted': '2' });
    expect(result.textContent).toContain('evt_a');
  });
});
