import type { PaymentExplorerRow } from '@storepay/db';
import { describe, expect, it } from 'vitest';
import { csvCell, paymentCsv, paymentCsvLine } from './payment-csv';

const row = (overrides: Partial<PaymentExplorerRow> = {}): PaymentExplorerRow => ({
  orderId: '0b0e8d5e-7c1a-4d8e-9d1c-0c9a1b2c3d4e',
  paymentIntentId: 'pi_123',
  status: 'paid',
  paymentStatus: 'succeeded',
  amount: 123_456,
  amountRefunded: 6,
  currency: 'kwd',
  email: 'a@example.com',
  cardBrand: 'visa',
  cardLast4: '4242',
  createdAt: new Date('2026-11-01T10:00:00.000Z'),
  ...overrides,
});

describe('payment CSV', () => {
  it('quotes cells with quotes, commas or line breaks, and doubles the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it("writes amounts in major units with the currency's exponent", () => {
    expect(paymentCsvLine(row())).toBe(
      '0b0e8d5e-7c1a-4d8e-9d1c-0c9a1b2c3d4e,2026-11-01T10:00:00.000Z,paid,succeeded,pi_123,a@example.com,KWD,123.456,0.006,visa,4242\r\n',
    );
    expect(paymentCsvLine(row({ currency: 'jpy', amount: 1500, amountRefunded: 0 }))).toContain(',JPY,1500,0,');
    expect(
      paymentCsvLine(
        row({ currency: 'usd', paymentIntentId: null, paymentStatus: null, cardBrand: null, cardLast4: null }),
      ),
    ).toBe('0b0e8d5e-7c1a-4d8e-9d1c-0c9a1b2c3d4e,2026-11-01T10:00:00.000Z,paid,,,a@example.com,USD,1234.56,0.06,,\r\n');
  });

  it('streams the header, then the rows in chunks as they arrive', async () => {
    let produced = 0;
    async function* rows() {
      for (let i = 0; i < 3_000; i++) {
        produced++;
        yield row();
      }
    }
    const chunks: string[] = [];
    for await (const chunk of paymentCsv(rows())) {
      // The first chunk goes out long before every row has been read.
      if (chunks.length === 0) expect(produced).toBeLessThan(3_000);
      chunks.push(chunk);
    }
    expect(chunks.length).toBeGreaterThan(1);
    const lines = chunks.join('').split('\r\n');
    expect(lines[0]).toMatch(/^order_id,created_at,/);
    expect(lines.length).toBe(3_002);
  });
});
