import { connectionOf, type Database } from './client';
import { Prisma } from './generated/prisma/client.ts';

export interface QueryPlanSummary {
  /** The indexes the plan scans, in plan order (empty: no index was used). */
  indexes: string[];
  /** Tables read by a sequential scan. */
  seqScans: string[];
  executionMs: number;
}

interface PlanNode {
  'Node Type'?: string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, summary: QueryPlanSummary): void {
  if (node['Index Name'] && !summary.indexes.includes(node['Index Name'])) summary.indexes.push(node['Index Name']);
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) summary.seqScans.push(node['Relation Name']);
  for (const child of node.Plans ?? []) walk(child, summary);
}

/** Runs EXPLAIN ANALYZE on a query (benchmarks and checks only: it executes the query) and names what it scanned. */
export async function explainQuery(db: Database, sql: Prisma.Sql): Promise<QueryPlanSummary> {
  const rows = await connectionOf(db).prisma.$queryRaw<
    { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }[]
  >(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
  const [explained] = rows[0]!['QUERY PLAN'];
  const summary: QueryPlanSummary = { indexes: [], seqScans: [], executionMs: explained['Execution Time'] };
  walk(explained.Plan, summary);
  return summary;
}
