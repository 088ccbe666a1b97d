import type { WebhookHealth } from '@storepay/payments-core';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '../app/format';

const time = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit' });

/**
 * Processing lag p50/p95 per bucket (loaded lazily: recharts is only downloaded when this page shows a chart). Every
 * bucket with events gets a dot: a window with one busy bucket still shows it (a line needs two).
 */
export default function LagChart({
  series,
  window,
}: {
  series: WebhookHealth['lagSeries'];
  window: WebhookHealth['window'];
}) {
  const format = window === '7d' ? day : time;
  const data = series.map((point) => ({
    at: format.format(new Date(point.at)),
    p50: point.p50Ms,
    p95: point.p95Ms,
  }));
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={260}>
        {/* Hidden from assistive technology (the same figures are in the table beside it): never focusable either. */}
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e5e7eb" strokeDasharray="3 3" />
          <XAxis dataKey="at" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis tickFormatter={(value: number) => formatDuration(value)} tick={{ fontSize: 12 }} width={72} />
          <Tooltip formatter={(value) => formatDuration(typeof value === 'number' ? value : null)} />
          <Legend />
          <Line
            type="monotone"
            dataKey="p50"
            name="p50"
            stroke="#2563eb"
            dot={{ r: 2 }}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="p95"
            name="p95"
            stroke="#b45309"
            dot={{ r: 2 }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
