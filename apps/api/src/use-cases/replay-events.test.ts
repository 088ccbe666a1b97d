import type { AuditEntry, ReplayOutcome, WebhookAdminRepository } from '@storepay/db';
import { describe, expect, it } from 'vitest';
import { replayEvent, replayEvents } from './replay-events';

const admin = { id: 'b0000000-0000-4000-8000-00000000000b', email: 'admin@shop.test', ip: '192.0.2.1' };

/** An inbox of three events, one of them held by a worker right now. */
function setup() {
  const status = new Map([
    ['e1', 'dead'],
    ['e2', 'processed'],
    ['e3', 'processing'],
  ]);
  const audit: AuditEntry[] = [];
  const webhookAdmin: Pick<WebhookAdminRepository, 'replay'> = {
    async replay(ids, auditFor): Promise<ReplayOutcome> {
      const replayed = ids.filter((id) => status.has(id) && status.get(id) !== 'processing');
      for (const id of replayed) status.set(id, 'received');
      if (auditFor && replayed.length > 0) audit.push(auditFor(replayed));
      return {
        replayed,
        skipped: ids
          .filter((id) => !replayed.includes(id))
          .map((id) => ({ id, reason: status.has(id) ? ('in_progress' as const) : ('not_found' as const) })),
      };
    },
  };
  return { ports: { webhookAdmin }, status, audit };
}

describe('replaying inbox events', () => {
  it('replays a selection, skipping what a worker holds and what does not exist, in one audit entry', async () => {
    const { ports, status, audit } = setup();
    expect(await replayEvents(ports, { ids: ['e1', 'e2', 'e3', 'e9'], actor: admin })).toEqual({
      replayed: ['e1', 'e2'],
      skipped: [
        { id: 'e3', reason: 'in_progress' },
        { id: 'e9', reason: 'not_found' },
      ],
    });
    expect(status.get('e1')).toBe('received');
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'webhook.replayed',
        actorId: admin.id,
        targetId: null,
        details: { ids: ['e1', 'e2'] },
      }),
    ]);
  });

  it('refuses one event that does not exist or that a worker holds', async () => {
    const { ports, audit } = setup();
    expect(await replayEvent(ports, { id: 'e9', actor: admin })).toEqual({
      ok: false,
      error: { kind: 'not_found', what: 'inbox event' },
    });
    expect(await replayEvent(ports, { id: 'e3', actor: admin })).toEqual({ ok: false, error: { kind: 'in_progress' } });
    expect(await replayEvent(ports, { id: 'e1', actor: admin })).toMatchObject({
      ok: true,
      value: { replayed: ['e1'] },
    });
    expect(audit.map((entry) => entry.targetId)).toEqual(['e1']);
  });
});
