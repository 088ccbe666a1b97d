// Build check: the JavaScript that index.html loads before anything else (the entry chunk and every chunk it
// imports statically, which Vite modulepreloads) must stay under a gzip budget. Lazy chunks (pages, the checkout
// with Stripe's libraries) are not part of it; Stripe.js itself is never bundled. The figure is printed and written
// to dist/bundle-budget.json for the benchmark report; above the budget the build fails.
import { gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

/** 100 kB, in bytes (kB as Vite reports it: 1000 bytes). */
export const DEFAULT_BUDGET_BYTES = 100_000;
export const REPORT_FILE = 'bundle-budget.json';

/** The parts of Rollup/Rolldown's output this check reads. */
export interface OutputChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: readonly string[];
}
export type OutputLike = OutputChunkLike | { type: 'asset'; fileName: string };

export interface InitialJsFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialJsReport {
  /** What the figure measures. */
  measure: string;
  files: InitialJsFile[];
  bytes: number;
  gzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
}

/** The entry chunks and, transitively, the chunks they import statically: what loads before the app can render. */
export function initialChunks(bundle: Readonly<Record<string, OutputLike>>): OutputChunkLike[] {
  const chunks = new Map<string, OutputChunkLike>();
  for (const output of Object.values(bundle)) if (output.type === 'chunk') chunks.set(output.fileName, output);

  const seen = new Set<string>();
  const initial: OutputChunkLike[] = [];
  const visit = (chunk: OutputChunkLike) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    initial.push(chunk);
    for (const imported of chunk.imports) {
      const next = chunks.get(imported);
      if (next) visit(next);
    }
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk);
  return initial;
}

export const gzipSize = (code: string): number => gzipSync(code).length;

export function measureInitialJs(
  bundle: Readonly<Record<string, OutputLike>>,
  budgetBytes: number = DEFAULT_BUDGET_BYTES,
  gzip: (code: string) => number = gzipSize,
): InitialJsReport {
  const files = initialChunks(bundle).map((chunk) => ({
    file: chunk.fileName,
    bytes: Buffer.byteLength(chunk.code),
    gzipBytes: gzip(chunk.code),
  }));
  const gzipBytes = files.reduce((total, file) => total + file.gzipBytes, 0);
  return {
    measure: 'initial JavaScript (entry chunks and their static imports), gzip, without Stripe.js',
    files,
    bytes: files.reduce((total, file) => total + file.bytes, 0),
    gzipBytes,
    budgetBytes,
    withinBudget: gzipBytes <= budgetBytes,
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

export function describeReport(report: InitialJsReport): string {
  const verdict = report.withinBudget ? 'within' : 'OVER';
  const files = report.files.map((file) => `${file.file} ${kB(file.gzipBytes)}`).join(', ');
  return (
    `Initial JS: ${kB(report.gzipBytes)} gzipped (${kB(report.bytes)} minified), ${verdict} the budget of ` +
    `${kB(report.budgetBytes)} [${files}]`
  );
}

export interface BundleBudgetOptions {
  /** The most gzipped initial JavaScript allowed, in bytes. */
  maxGzipBytes?: number;
  /** Written into the output directory. */
  reportFile?: string;
}

/** The Vite plugin: measures after bundling, writes the report, fails the build above the budget. */
export function bundleBudget({
  maxGzipBytes = DEFAULT_BUDGET_BYTES,
  reportFile = REPORT_FILE,
}: BundleBudgetOptions = {}): Plugin {
  let config: ResolvedConfig | undefined;
  return {
    name: 'storepay:bundle-budget',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle: {
      // After Vite's own generateBundle work (preload lists, asset URLs), so the code measured is the code shipped.
      order: 'post',
      handler(_options, bundle) {
        const report = measureInitialJs(bundle, maxGzipBytes);
        const message = describeReport(report);
        if (!report.withinBudget) {
          this.error(
            `${message}. Split what the first page does not need into lazy chunks (see apps/storefront/README.md).`,
          );
        }
        this.emitFile({ type: 'asset', fileName: reportFile, source: `${JSON.stringify(report, null, 2)}\n` });
        config?.logger.info(message);
      },
    },
  };
}
