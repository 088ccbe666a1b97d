import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { StoredObject } from '../state';
import type { Upload } from '../wire/body';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { listMatching } from '../wire/list';
import { allowOnly, bool, record, requiredStr, str, type Params } from '../wire/params';
import { defineRoute, RawBody } from '../wire/router';

/** A stored file; its bytes (base64) live in `_contents`, kept in the state file but never on the wire as JSON. */
export type FileObject = Stripe.File & StoredObject & { _contents: string };

/** The formats the emulator recognises, by their content (as Stripe checks uploads), with their media types. */
const FORMATS = {
  pdf: { name: 'PDF', contentType: 'application/pdf' },
  jpg: { name: 'JPEG', contentType: 'image/jpeg' },
  png: { name: 'PNG', contentType: 'image/png' },
  gif: { name: 'GIF', contentType: 'image/gif' },
  svg: { name: 'SVG', contentType: 'image/svg+xml' },
} as const;
type FileFormat = keyof typeof FORMATS;

interface PurposeRules {
  formats: readonly FileFormat[];
  maxBytes: number;
  /** Days until Stripe deletes the file; null: never. */
  expiresDays: number | null;
}

const KB = 1024;
const MB = 1024 * KB;
const DOCUMENT = { formats: ['pdf', 'jpg', 'png'], maxBytes: 16 * MB, expiresDays: null } as const;
const IMAGE = { formats: ['jpg', 'png', 'gif'], maxBytes: 512 * KB, expiresDays: null } as const;

/** Stripe's rules for each purpose the emulator takes (https://docs.stripe.com/file-upload#uploading-a-file). */
const PURPOSES = {
  account_requirement: DOCUMENT,
  additional_verification: DOCUMENT,
  business_icon: IMAGE,
  business_logo: IMAGE,
  customer_signature: { formats: ['jpg', 'png', 'svg'], maxBytes: 4 * MB, expiresDays: 7 },
  // Nine months.
  dispute_evidence: { formats: ['pdf', 'jpg', 'png'], maxBytes: 5 * MB, expiresDays: 270 },
  identity_document: DOCUMENT,
  pci_document: { formats: ['pdf'], maxBytes: 16 * MB, expiresDays: null },
} satisfies Record<string, PurposeRules>;
type EmulatedPurpose = keyof typeof PURPOSES;

/** Purposes Stripe takes on upload that the emulator does not (answered 400, never faked). */
const NOT_EMULATED_PURPOSES: readonly Stripe.FileCreateParams.Purpose[] = [
  'issuing_regulatory_reporting',
  'platform_terms_of_service',
  'tax_document_user_upload',
  'terminal_android_apk',
  'terminal_reader_splashscreen',
  'terminal_wifi_certificate',
  'terminal_wifi_private_key',
];

/** Every purpose a file listed from Stripe may have (`GET /v1/files?purpose=`), including Stripe-made ones. */
const LISTED_PURPOSES: readonly Stripe.FileListParams.Purpose[] = [
  ...Object.keys(PURPOSES),
  ...NOT_EMULATED_PURPOSES,
  'document_provider_identity_document',
  'finance_report_run',
  'financial_account_statement',
  'identity_document_downloadable',
  'selfie',
  'sigma_scheduled_query',
].sort();

const CREATE_PURPOSES = [...Object.keys(PURPOSES), ...NOT_EMULATED_PURPOSES].sort();

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The format of `data` from its first bytes (what it is, whatever its name or declared type says). */
function formatOf(data: Buffer): FileFormat | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (['GIF87a', 'GIF89a'].includes(data.subarray(0, 6).toString('latin1'))) return 'gif';
  if (
    /^\uFEFF?\s*(<\?xml[\s\S]*?\?>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(data.subarray(0, 4096).toString('utf8'))
  ) {
    return 'svg';
  }
  return null;
}

const sizeText = (bytes: number) => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`);

function parsePurpose(params: Params): EmulatedPurpose {
  const purpose = requiredStr(params, 'purpose');
  if ((NOT_EMULATED_PURPOSES as readonly string[]).includes(purpose)) {
    throw stripeErrors.invalidParam(
      'purpose',
      `Files with purpose \`${purpose}\` are not emulated (see tools/stripe-emulator/README.md).`,
    );
  }
  if (!Object.hasOwn(PURPOSES, purpose)) {
    throw stripeErrors.invalidParam('purpose', `Invalid purpose: must be one of ${CREATE_PURPOSES.join(', ')}`);
  }
  return purpose as EmulatedPurpose;
}

/** The uploaded file, checked against its purpose's formats and size limit. */
function checkedUpload(params: Params, uploads: Record<string, Upload>, purpose: EmulatedPurpose) {
  for (const name of Object.keys(uploads)) if (name !== 'file') throw stripeErrors.unknownParam(name);
  const upload = uploads.file;
  if (!upload) {
    if (params.file !== undefined) {
      throw stripeErrors.invalidParam(
        'file',
        'Invalid file: send the file as a multipart/form-data part with a filename, not as a text field.',
      );
    }
    throw stripeErrors.missingParam('file');
  }
  const rules: PurposeRules = PURPOSES[purpose];
  if (upload.data.length === 0) throw stripeErrors.invalidParam('file', 'Invalid file: the file is empty.');
  if (upload.data.length > rules.maxBytes) {
    throw stripeErrors.invalidParam(
      'file',
      `The file is too large (${upload.data.length} bytes): files with purpose \`${purpose}\` may be at most ${sizeText(rules.maxBytes)}.`,
    );
  }
  const format = formatOf(upload.data);
  if (!format || !rules.formats.includes(format)) {
    const allowed = rules.formats.map((f) => FORMATS[f].name).join(', ');
    throw stripeErrors.invalidParam(
      'file',
      `Invalid file: files with purpose \`${purpose}\` must be one of ${allowed}; this one is ${format ? FORMATS[format].name : 'of an unrecognised type'}.`,
    );
  }
  return { upload, format, rules };
}

function createFile(emulator: Emulator, params: Params, uploads: Record<string, Upload>, host: string): FileObject {
  allowOnly(params, ['purpose', 'file', 'file_link_data']);
  const purpose = parsePurpose(params);
  const linkData = record(params, 'file_link_data');
  if (linkData) {
    allowOnly(linkData, ['create', 'expires_at', 'metadata']);
    if (bool(linkData, 'create')) {
      throw stripeErrors.invalidParam('file_link_data[create]', 'File links are not emulated.');
    }
  }
  const { upload, format, rules } = checkedUpload(params, uploads, purpose);
  const id = newId('file');
  const created = emulator.clock.now();
  const file: Stripe.File = {
    id,
    object: 'file',
    created,
    expires_at: rules.expiresDays === null ? null : created + rules.expiresDays * 86400,
    filename: upload.filename,
    links: { object: 'list', data: [], has_more: false, url: `/v1/file_links?file=${id}` },
    purpose,
    size: upload.data.length,
    title: null,
    type: format,
    url: `http://${host}/v1/files/${id}/contents`,
  };
  return emulator.store.insert({ ...file, _contents: upload.data.toString('base64') });
}

export function getFile(emulator: Emulator, id: string, param = 'file'): FileObject {
  const file = emulator.store.get<FileObject>(id, 'file');
  if (!file) throw stripeErrors.missing('file', id, param);
  return file;
}

/** The file a dispute's evidence field (`evidence[receipt]`, ...) names: it must exist and be dispute evidence. */
export function disputeEvidenceFile(emulator: Emulator, id: string, param: string): FileObject {
  const file = getFile(emulator, id, param);
  if (file.purpose !== 'dispute_evidence') {
    throw stripeErrors.invalidParam(
      param,
      `The file ${id} has purpose \`${file.purpose}\`, but ${param} requires a file with purpose \`dispute_evidence\`.`,
    );
  }
  return file;
}

/**
 * Files: upload (multipart/form-data, also with a publishable key, as Stripe.js may), retrieve, list, and download
 * the contents (`url`).
 */
export function registerFiles(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(
    app,
    emulator,
    'POST',
    '/v1/files',
    ({ params, uploads, host }) => createFile(emulator, params, uploads, host),
    { publishable: true, uploads: true },
  );

  defineRoute(app, emulator, 'GET', '/v1/files/:id', ({ path }) => getFile(emulator, path.id!, 'id'));

  defineRoute(app, emulator, 'GET', '/v1/files/:id/contents', ({ path }) => {
    const file = getFile(emulator, path.id!, 'id');
    const format = file.type as FileFormat;
    return new RawBody(FORMATS[format].contentType, Buffer.from(file._contents, 'base64'));
  });

  defineRoute(app, emulator, 'GET', '/v1/files', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created', 'purpose']);
    const purpose = str(params, 'purpose');
    if (purpose && !(LISTED_PURPOSES as readonly string[]).includes(purpose)) {
      throw stripeErrors.invalidParam('purpose', `Invalid purpose: must be one of ${LISTED_PURPOSES.join(', ')}`);
    }
    return listMatching(emulator.store.list<FileObject>('file'), params, url, ['purpose']);
  });
}
