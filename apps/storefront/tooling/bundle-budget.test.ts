import { describe, expect, it, vi } from 'vitest';
import {
  bundleBudget,
  DEFAULT_BUDGET_BYTES,
  describeReport,
  initialChunks,
  measureInitialJs,
  type OutputChunkLike,
  type OutputLike,
} from './bundle-budget';

function chunk(fileName: string, code: string, options: Partial<OutputChunkLike> = {}): OutputChunkLike {
  return { type: 'chunk', fileName, code, isEntry: false, imports: [], ...options };
}

function bundleOf(...outputs: OutputLike[]): Record<string, OutputLike> {
  return Object.fromEntries(outputs.map((output) => [output.fileName, output]));
}

// Sizes that are easy to add up: the "gzip" of a chunk is its length.
const length = (code: string) => code.length;

const app = bundleOf(
  chunk('assets/index.js', 'entry-code', { isEntry: true, imports: ['assets/vendor.js', 'assets/shared.js'] }),
  chunk('assets/vendor.js', 'vendor', { imports: ['assets/shared.js'] }),
  chunk('assets/shared.js', 'shared'),
  // Lazy: a page and the checkout with Stripe's libraries, imported dynamically only.
  chunk('assets/checkout-page.js', 'stripe-and-checkout', { imports: ['assets/shared.js'] }),
  chunk('assets/catalog-page.js', 'catalog'),
  { type: 'asset', fileName: 'assets/index.css' },
);

describe('initialChunks', () => {
  it('takes the entry and its static imports, transitively and once each, and no lazy chunk', () => {
    expect(initialChunks(app).map((c) => c.fileName)).toEqual([
      'assets/index.js',
      'assets/vendor.js',
      'assets/shared.js',
    ]);
  });

  it('survives import cycles and imports of files that are not chunks', () => {
    const cyclic = bundleOf(
      chunk('a.js', 'a', { isEntry: true, imports: ['b.js', 'missing.js'] }),
      chunk('b.js', 'b', { imports: ['a.js'] }),
    );
    expect(initialChunks(cyclic).map((c) => c.fileName)).toEqual(['a.js', 'b.js']);
  });
});

describe('measureInitialJs', () => {
  it('adds up the initial chunks and compares with the budget', () => {
    const report = measureInitialJs(app, 22, length);
    expect(report.files).toEqual([
      { file: 'assets/index.js', bytes: 10, gzipBytes: 10 },
      { file: 'assets/vendor.js', bytes: 6, gzipBytes: 6 },
      { file: 'assets/shared.js', bytes: 6, gzipBytes: 6 },
    ]);
    expect(report).toMatchObject({ bytes: 22, gzipBytes: 22, budgetBytes: 22, withinBudget: true });
    expect(measureInitialJs(app, 21, length).withinBudget).toBe(false);
  });

  it('gzips for real by default, with a 100 kB budget', () => {
    const code = 'const x = 1;\n'.repeat(1000);
    const report = measureInitialJs(bundleOf(chunk('index.js', code, { isEntry: true })));
    expect(report.bytes).toBe(code.length);
    expect(report.gzipBytes).toBeGreaterThan(0);
    expect(report.gzipBytes).toBeLessThan(code.length / 10);
    expect(report.budgetBytes).toBe(DEFAULT_BUDGET_BYTES);
  });

  it('describes the figure in kB', () => {
    const report = measureInitialJs(app, 100_000, () => 41_234);
    expect(describeReport(report)).toBe(
      'Initial JS: 123.70 kB gzipped (0.02 kB minified), OVER the budget of 100.00 kB ' +
        '[assets/index.js 41.23 kB, assets/vendor.js 41.23 kB, assets/shared.js 41.23 kB]',
    );
  });
});

describe('bundleBudget plugin', () => {
  type Hook = (this: unknown, options: unknown, bundle: Record<string, OutputLike>) => void;

  function run(maxGzipBytes: number, bundle: Record<string, OutputLike>) {
    const plugin = bundleBudget({ maxGzipBytes });
    const context = {
      emitFile: vi.fn(),
      error: vi.fn((message: string) => {
        throw new Error(message);
      }),
    };
    const info = vi.fn();
    (plugin.configResolved as (config: unknown) => void)({ logger: { info } });
    const call = () => (plugin.generateBundle as unknown as { handler: Hook }).handler.call(context, {}, bundle);
    return { plugin, context, info, call };
  }

  const big = bundleOf(chunk('assets/index.js', 'x'.repeat(5000), { isEntry: true }));

  it('runs on builds only', () => {
    expect(bundleBudget().apply).toBe('build');
  });

  it('writes bundle-budget.json and prints the figure when within the budget', () => {
    const { context, info, call } = run(DEFAULT_BUDGET_BYTES, big);
    call();
    expect(context.error).not.toHaveBeenCalled();
    expect(context.emitFile).toHaveBeenCalledTimes(1);
    const emitted = context.emitFile.mock.calls[0]?.[0] as { fileName: string; source: string };
    expect(emitted.fileName).toBe('bundle-budget.json');
    const report = JSON.parse(emitted.source) as { gzipBytes: number; withinBudget: boolean; files: unknown[] };
    expect(report.withinBudget).toBe(true);
    expect(report.files).toHaveLength(1);
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/^Initial JS: [\d.]+ kB gzipped .* within the budget/));
  });

  it('fails the build above the budget, naming the figure', () => {
    const { context, call } = run(10, big);
    expect(call).toThrow(/Initial JS: [\d.]+ kB gzipped .* OVER the budget of 0\.01 kB/);
    expect(context.error).toHaveBeenCalledTimes(1);
    expect(context.emitFile).not.toHaveBeenCalled();
  });
});
