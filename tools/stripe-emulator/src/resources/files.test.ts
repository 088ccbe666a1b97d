import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { stripeClient, startTestEmulator } from '../test-kit';
import { MULTIPART_BODY_LIMIT } from '../wire/body';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 2)]);
const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
const MB = 1024 * 1024;

describe('files through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  const upload = (
    data: Buffer,
    purpose: Stripe.FileCreateParams.Purpose = 'dispute_evidence',
    name = 'receipt.pdf',
    options?: Stripe.RequestOptions,
  ) => stripe.files.create({ purpose, file: { data, name, type: 'application/octet-stream' } }, options);
  const contents = (url: string, key = 'sk_test_emulator') =>
    fetch(url, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('uploads dispute evidence to the emulator (not files.stripe.com) and serves its contents', async () => {
    const file = await stripe.files.create({
      purpose: 'dispute_evidence',
      file: { data: PDF, name: 'receipt.pdf', type: 'application/pdf' },
    });
    const created = file.created;
    expect(file).toEqual({
      id: expect.stringMatching(/^file_/),
      object: 'file',
      created,
      expires_at: created + 270 * 86400,
      filename: 'receipt.pdf',
      links: { object: 'list', data: [], has_more: false, url: `/v1/file_links?file=${file.id}` },
      purpose: 'dispute_evidence',
      size: PDF.length,
      title: null,
      type: 'pdf',
      url: `${emulator.url}/v1/files/${file.id}/contents`,
    });
    // The SDK sent it here: the emulator holds it.
    expect(emulator.emulator.store.get(file.id, 'file')).toBeDefined();
    expect(file.lastResponse.headers['request-id']).toMatch(/^req_/);

    const downloaded = await contents(file.url!);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await contents(file.url!, '')).status).toBe(401);
    expect((await contents(`${emulator.url}/v1/files/file_missing/contents`)).status).toBe(404);

    expect(await stripe.files.retrieve(file.id)).toMatchObject({ id: file.id, size: PDF.length, type: 'pdf' });
    await expect(stripe.files.retrieve('file_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such file: 'file_missing'",
    });
  });

  it('tells each format by its content, with the limits and expiry of each purpose', async () => {
    const png = await upload(PNG, 'dispute_evidence', 'photo.png');
    expect(png).toMatchObject({ type: 'png', filename: 'photo.png' });
    expect((await upload(JPEG, 'dispute_evidence', 'scan.jpeg')).type).toBe('jpg');
    const identity = await upload(PDF, 'identity_document', 'passport.pdf');
    expect(identity).toMatchObject({ purpose: 'identity_document', expires_at: null });
    expect((await upload(GIF, 'business_logo', 'logo.gif')).type).toBe('gif');
    const signature = await upload(SVG, 'customer_signature', 'signature.svg');
    expect(signature).toMatchObject({ type: 'svg', expires_at: signature.created + 7 * 86400 });
    const served = await contents(png.url!);
    expect(served.headers.get('content-type')).toBe('image/png');

    await expect(upload(Buffer.from('just some text'), 'dispute_evidence', 'notes.pdf')).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'file',
      message: expect.stringContaining('PDF, JPEG, PNG'),
    });
    await expect(upload(GIF, 'dispute_evidence', 'anim.gif')).rejects.toMatchObject({ param: 'file' });
    await expect(upload(PNG, 'pci_document', 'saq.png')).rejects.toMatchObject({ param: 'file' });
    await expect(upload(Buffer.alloc(0), 'dispute_evidence')).rejects.toMatchObject({ param: 'file' });
    const big = Buffer.concat([PDF, Buffer.alloc(5 * MB)]);
    await expect(upload(big, 'dispute_evidence')).rejects.toMatchObject({
      statusCode: 400,
      param: 'file',
      message: expect.stringContaining('at most 5 MB'),
    });
    expect((await upload(big, 'identity_document')).size).toBe(big.length);
    await expect(upload(Buffer.concat([PNG, Buffer.alloc(512 * 1024)]), 'business_icon')).rejects.toMatchObject({
      message: expect.stringContaining('at most 512 KB'),
    });
  });

  it('refuses unknown and unemulated purposes, a missing file, file links and unknown parameters', async () => {
    await expect(upload(PDF, 'holiday_photos')).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'purpose',
      message: expect.stringContaining('Invalid purpose: must be one of account_requirement'),
    });
    await expect(upload(PDF, 'terminal_android_apk')).rejects.toMatchObject({
      param: 'purpose',
      message: expect.stringContaining('not emulated'),
    });
    // stripe-node cannot send an upload without a file; a bare multipart body can.
    const form = new FormData();
    form.append('purpose', 'dispute_evidence');
    const missing = await fetch(`${emulator.url}/v1/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_emulator' },
      body: form,
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'parameter_missing', param: 'file' } });
    await expect(
      stripe.files.create({ purpose: 'dispute_evidence', file: 'not a file' } as unknown as Stripe.FileCreateParams),
    ).rejects.toMatchObject({ param: 'file', message: expect.stringContaining('multipart/form-data part') });
    await expect(
      stripe.files.create({ file: { data: PDF, name: 'a.pdf' } } as unknown as Stripe.FileCreateParams),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'purpose' });
    await expect(
      stripe.files.create({
        purpose: 'dispute_evidence',
        file: { data: PDF, name: 'a.pdf' },
        file_link_data: { create: true },
      }),
    ).rejects.toMatchObject({ param: 'file_link_data[create]' });
    await expect(
      stripe.files.create({ purpose: 'dispute_evidence', file: { data: PDF }, title: 'x' } as Stripe.FileCreateParams),
    ).rejects.toMatchObject({ code: 'parameter_unknown', param: 'title' });
  });

  it('keeps idempotency keys on uploads: same key and bytes replay, other bytes are refused', async () => {
    const first = await upload(PDF, 'dispute_evidence', 'receipt.pdf', { idempotencyKey: 'upload-1' });
    const again = await upload(PDF, 'dispute_evidence', 'receipt.pdf', { idempotencyKey: 'upload-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.files.list()).data).toHaveLength(1);
    await expect(upload(PNG, 'dispute_evidence', 'receipt.pdf', { idempotencyKey: 'upload-1' })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeIdempotencyError',
    });
  });

  it('lists newest first by purpose, with pagination and created filters', async () => {
    const a = await upload(PDF);
    const b = await upload(PNG, 'identity_document', 'id.png');
    const c = await upload(JPEG, 'dispute_evidence', 'c.jpg');
    expect((await stripe.files.list()).data.map((f) => f.id)).toEqual([c.id, b.id, a.id]);
    expect((await stripe.files.list({ purpose: 'dispute_evidence' })).data.map((f) => f.id)).toEqual([c.id, a.id]);
    expect((await stripe.files.list({ purpose: 'selfie' })).data).toEqual([]);
    const page = await stripe.files.list({ limit: 2 });
    expect(page).toMatchObject({ has_more: true, url: '/v1/files' });
    expect(await stripe.files.list({ limit: 1 }).autoPagingToArray({ limit: 10 })).toHaveLength(3);
    expect((await stripe.files.list({ created: { gt: a.created + 3600 } })).data).toEqual([]);
    await expect(
      stripe.files.list({ purpose: 'holiday_photos' as Stripe.FileListParams.Purpose }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'purpose' });
  });

  it('takes uploads with a publishable key (Stripe.js), answers oversized bodies in Stripe’s envelope, files only where uploads go', async () => {
    const browser = stripeClient(emulator.port, 'pk_test_emulator');
    expect((await browser.files.create({ purpose: 'dispute_evidence', file: { data: PNG, name: 'p.png' } })).type).toBe(
      'png',
    );
    await expect(browser.files.list()).rejects.toMatchObject({ statusCode: 401 });

    const form = new FormData();
    form.append('purpose', 'identity_document');
    form.append('file', new Blob([Buffer.alloc(MULTIPART_BODY_LIMIT + 1)]), 'huge.pdf');
    const response = await fetch(`${emulator.url}/v1/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_emulator' },
      body: form,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', message: expect.any(String) },
    });

    // Multipart works on any route (text fields as bracket params), but only an upload route takes a file.
    const customer = new FormData();
    customer.append('email', 'multipart@example.com');
    customer.append('metadata[source]', 'form');
    const created = await fetch(`${emulator.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_emulator' },
      body: customer,
    });
    expect(await created.json()).toMatchObject({ email: 'multipart@example.com', metadata: { source: 'form' } });
    customer.append('avatar', new Blob([PNG]), 'me.png');
    const refused = await fetch(`${emulator.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_emulator' },
      body: customer,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'parameter_unknown', param: 'avatar' } });
  });
});
