import type { FaultRule } from '../faults';
import type { WebhookAttempt } from '../webhooks/attempts';
import type { WebhookFaultRule } from '../webhooks/webhook-faults';
import type Stripe from 'stripe';

export interface ApiFaultInput {
  method?: 'GET' | 'POST' | 'DELETE' | '*';
  path: string;
  action: 'rate_limit' | 'server_error' | 'timeout' | 'delay';
  delayMs?: number;
  count?: number;
  /** The share of matching calls affected (above 0, at most 1; default 1). */
  probability?: number;
}

export interface WebhookFaultInput {
  action: 'duplicate' | 'delay' | 'reorder' | 'drop';
  eventType?: string;
  count?: number;
  delayMs?: number;
}

/** Thrown for a non-2xx control-API answer; `status` and the server's message. */
export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlApiError';
  }
}

/** A typed client for the emulator's `/_emulator/` control API (for tests and demo tooling). */
export class EmulatorControl {
  constructor(private readonly baseUrl: string) {}

  async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T & { error?: { message: string } };
    if (!response.ok) throw new ControlApiError(response.status, json.error?.message ?? response.statusText);
    return json;
  }

  reset(): Promise<{ reset: true }> {
    return this.request('POST', '/reset');
  }
  addFault(fault: ApiFaultInput): Promise<FaultRule> {
    return this.request('POST', '/faults', fault);
  }
  async faults(): Promise<FaultRule[]> {
    return (await this.request<{ data: FaultRule[] }>('GET', '/faults')).data;
  }
  clearFaults(): Promise<{ deleted: number }> {
    return this.request('DELETE', '/faults');
  }
  addWebhookFault(fault: WebhookFaultInput): Promise<WebhookFaultRule> {
    return this.request('POST', '/webhook-faults', fault);
  }
  async webhookFaults(): Promise<WebhookFaultRule[]> {
    return (await this.request<{ data: WebhookFaultRule[] }>('GET', '/webhook-faults')).data;
  }
  clearWebhookFaults(): Promise<{ deleted: number }> {
    return this.request('DELETE', '/webhook-faults');
  }
  async webhookAttempts(filter: { event?: string; endpoint?: string } = {}): Promise<WebhookAttempt[]> {
    const query = new URLSearchParams(
      Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
    );
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return (await this.request<{ data: WebhookAttempt[] }>('GET', `/webhook-attempts${suffix}`)).data;
  }
  /** Endpoints with their `whsec_` secrets. */
  async webhookEndpoints(): Promise<Stripe.WebhookEndpoint[]> {
    return (await this.request<{ data: Stripe.WebhookEndpoint[] }>('GET', '/webhook-endpoints')).data;
  }
  advanceClock(seconds: number): Promise<{ now: number; offsetSeconds: number }> {
    return this.request('POST', '/clock/advance', { seconds });
  }
  /** Makes a pending or succeeded refund fail (default reason `unknown`). */
  failRefund(refundId: string, reason?: string): Promise<Stripe.Refund> {
    return this.request('POST', `/refunds/${encodeURIComponent(refundId)}/fail`, reason ? { reason } : {});
  }
  /** Settles a processing SEPA Direct Debit PaymentIntent now (default: as its test IBAN decides). */
  settlePaymentIntent(paymentIntentId: string, outcome?: 'succeeded' | 'failed'): Promise<Stripe.PaymentIntent> {
    return this.request(
      'POST',
      `/payment_intents/${encodeURIComponent(paymentIntentId)}/settle`,
      outcome ? { outcome } : {},
    );
  }
  /** Closes an open dispute as the card network would. */
  resolveDispute(disputeId: string, outcome: 'won' | 'lost'): Promise<Stripe.Dispute> {
    return this.request('POST', `/disputes/${encodeURIComponent(disputeId)}/resolve`, { outcome });
  }
  state(): Promise<{ now: number; objects: Record<string, number>; [key: string]: unknown }> {
    return this.request('GET', '/state');
  }
}
