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
  /** How many calls it has affected so far. */
  hits: number;
}

export class FaultRules {
  private rules: FaultRule[] = [];
  private seq = 0;

  add(rule: Omit<FaultRule, 'id' | 'hits'>): FaultRule {
    const created: FaultRule = { ...rule, id: `fault_${++this.seq}`, hits: 0 };
    this.rules.push(created);
    return created;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule that matches, consuming one of its calls. */
  take(method: string, path: string): FaultAction | null {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.method === '*' || r.method.toUpperCase() === method.toUpperCase()) &&
        (r.path.endsWith('*') ? path.startsWith(r.path.slice(0, -1)) : path === r.path),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    rule.hits += 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.action;
  }
}
