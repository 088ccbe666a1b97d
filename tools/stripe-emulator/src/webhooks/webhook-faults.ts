import { eventTypeMatches } from './event-types';

export const WEBHOOK_FAULT_ACTIONS = ['duplicate', 'delay', 'reorder', 'drop'] as const;
export type WebhookFaultAction = (typeof WEBHOOK_FAULT_ACTIONS)[number];

/**
 * A rule that changes how the next `count` matching events are delivered:
 * - `duplicate`: each is delivered twice (two independent deliveries per endpoint);
 * - `delay`: each waits `delayMs` (wall clock) before its first attempt;
 * - `reorder`: events are held until `count` have accumulated, then delivered newest first;
 * - `drop`: never delivered (the event keeps `pending_webhooks` > 0, so `delivery_success=false` finds it).
 */
export interface WebhookFaultRule {
  id: string;
  action: WebhookFaultAction;
  /** Event type (or `*` pattern such as `payment_intent.*`) the rule applies to; null for any. */
  eventType: string | null;
  count: number;
  /** How many more matching events the rule takes. */
  remaining: number;
  delayMs: number | null;
  /** Ids of the events the rule has taken so far. */
  events: string[];
}

export type NewWebhookFaultRule = Pick<WebhookFaultRule, 'action' | 'eventType' | 'count' | 'delayMs'>;

export class WebhookFaultRules {
  private rules: WebhookFaultRule[] = [];
  private seq = 0;

  add(rule: NewWebhookFaultRule): WebhookFaultRule {
    const created: WebhookFaultRule = { ...rule, id: `whfault_${++this.seq}`, remaining: rule.count, events: [] };
    this.rules.push(created);
    return structuredClone(created);
  }

  list(): WebhookFaultRule[] {
    return structuredClone(this.rules);
  }

  /** Removes every rule and returns them (a `reorder` rule may still hold events). */
  clear(): WebhookFaultRule[] {
    const removed = this.rules;
    this.rules = [];
    return removed;
  }

  /**
   * The first rule that applies to an event of `type`, after recording `eventId` on it and consuming one of its
   * events; a rule whose events are used up is removed. The caller gets the live rule (for `reorder`'s held list).
   */
  take(eventId: string, type: string): WebhookFaultRule | null {
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (r.eventType === null || eventTypeMatches(r.eventType, type)),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    rule.events.push(eventId);
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}
