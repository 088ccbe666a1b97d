/** What the control API can make a matching /v1 request do instead of (or before) running normally. */
export type FaultAction =
  { kind: 'rate_limit' } | { kind: 'server_error' } | { kind: 'timeout' } | { kind: 'delay'; ms: number };

export interface FaultRule {
  id: string;
  /** HTTP method, or `*`. */
  method: string;
  /** Exact path (`/v1/payment_intents`) or a prefix ending in `*` (`/v1/payment_intents/*`). */
  path: string;
  action: FaultAction;
  /** How many more matching calls this rule applies to. */
  remaining: number;
  /** The share of matching calls it applies to (1: every one); the others run normally and do not count. */
  probability: number;
  /** How many calls it has affected so far. */
  hits: number;
}

export class FaultRules {
  private rules: FaultRule[] = [];
  private seq = 0;

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: Omit<FaultRule, 'id' | 'hits' | 'probability'> & { probability?: number }): FaultRule {
    const created: FaultRule = { probability: 1, ...rule, id: `fault_${++this.seq}`, hits: 0 };
    this.rules.push(created);
    return created;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * The first rule that matches and draws this call (by its probability), consuming one of its calls: rules of
   * probabilities 0.1 and 0.1 on one path fault about 19% of its calls between them.
   */
  take(method: string, path: string): FaultAction | null {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.method === '*' || r.method.toUpperCase() === method.toUpperCase()) &&
        (r.path.endsWith('*') ? path.startsWith(r.path.slice(0, -1)) : path === r.path) &&
        (r.probability >= 1 || this.random() < r.probability),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    rule.hits += 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.action;
  }
}
