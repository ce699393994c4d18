import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ATTACHMENT_MAX_BYTES, type AttachmentUpload } from '@probity/assistance';
import { ProbityError, TooLarge } from '@probity/i18n';
import { RequestRefused, isBadText } from './body-limits';

/**
 * The routes that take a file as their body (a request's attachments, issue 14): only they read a body of up to
 * 10 MB; every other route answers 415 to these content types, as before, without reading a byte.
 */
export const ATTACHMENT_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/assistance/requests/:id/files',
  '/assistance/requests/:id/files',
  // cooperation initiatives' materials (issue 15)
  '/api/v1/initiatives/:id/materials',
  '/initiatives/:id/materials',
  // the academy's certificate design: its emblem picked without JavaScript (issue 17 point 5; at most 512 kB kept)
  '/admin/certificates/design',
]);

/** Raw bodies (the API: the file itself, its name in `?name=`) and page forms with a file (multipart). */
export const ATTACHMENT_BODY_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
  'multipart/form-data',
] as const;

/** Room for a form's other fields and part headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;
// The certificate design sends 3 signatories × 6 languages × name and title beside its file: 36 text fields and more.
const MAX_PARTS = 64;
const MAX_FIELD_BYTES = 10 * 1024;

/** A page form with a file: its text fields (`_csrf` among them) and the first file. */
export interface MultipartForm {
  [field: string]: string | AttachmentUpload | undefined;
  file?: AttachmentUpload;
}

/** The file of an upload: the raw body (named by `?name=`), or the file part of a multipart form. */
export function uploadOf(body: unknown, name: string | undefined): AttachmentUpload {
  if (Buffer.isBuffer(body)) return { fileName: name, content: body };
  const file = (body as { file?: unknown } | null | undefined)?.file;
  if (file && typeof file === 'object' && Buffer.isBuffer((file as AttachmentUpload).content)) return file as AttachmentUpload;
  // Anything else (a JSON body, a form without a file) is no file: 415 attachment_type.
  return { fileName: name, content: Buffer.alloc(0) };
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Reads an attachment route's body as a stream, at most `limit` bytes: a declared length beyond it is refused before a
 * byte is read (413 attachment_too_large, in the caller's language), an undeclared one when it passes the limit; what
 * the client still sends is discarded.
 */
export function attachmentBodyParser(request: FastifyRequest, payload: NodeJS.ReadableStream, done: Done): void {
  if (request.method !== 'POST' || !ATTACHMENT_ROUTES.has(request.routeOptions.url ?? '')) {
    payload.resume();
    return done(new ProbityError(415, 'http_415'));
  }
  const contentType = String(request.headers['content-type'] ?? '');
  const multipart = contentType.toLowerCase().startsWith('multipart/form-data');
  const limit = ATTACHMENT_MAX_BYTES + (multipart ? MULTIPART_OVERHEAD : 0);
  const tooLarge = new TooLarge('attachment_too_large', { count: ATTACHMENT_MAX_BYTES });
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    payload.resume();
    return done(tooLarge);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: Error | null, body?: unknown): void => {
    if (finished) return;
    finished = true;
    done(error, body);
  };
  payload.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limit) {
      chunks.length = 0;
      return finish(tooLarge);
    }
    chunks.push(chunk);
  });
  payload.on('error', (error: Error) => finish(error));
  payload.on('end', () => {
    if (finished) return;
    const body = Buffer.concat(chunks, size);
    if (!multipart) return finish(null, body);
    const form = parseMultipart(body, contentType);
    return form instanceof Error ? finish(form) : finish(null, form);
  });
}

/**
 * A `multipart/form-data` body of a page form: its text fields and its first file part. Malformed bodies, too many
 * parts, long fields and bad text are refused (400), as the other body parsers do.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartForm | Error {
  const match = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  if (!match) return new RequestRefused('bad_text');
  const boundary = match[1] ?? match[2];
  const opening = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  // No prototype: a field named `__proto__` is an ordinary key (and refused below).
  const form = Object.create(null) as MultipartForm;
  let at = body.indexOf(opening);
  if (at === -1) return new RequestRefused('bad_text');
  at += opening.length;
  for (let parts = 0; ; parts++) {
    if (body.subarray(at, at + 2).toString('latin1') === '--') return form;
    if (parts >= MAX_PARTS) return new RequestRefused('body_too_many_keys', { max: MAX_PARTS });
    const headersEnd = body.indexOf('\r\n\r\n', at);
    if (headersEnd === -1) return new RequestRefused('bad_text');
    const headers = body.subarray(at, headersEnd).toString('utf8');
    const end = body.indexOf(between, headersEnd + 4);
    if (end === -1) return new RequestRefused('bad_text');
    const content = body.subarray(headersEnd + 4, end);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || name === '__proto__' || isBadText(name)) return new RequestRefused('bad_text');
    if (fileName !== undefined) {
      if (isBadText(fileName)) return new RequestRefused('bad_text');
      form.file ??= { fileName: fileName.replace(/%22/g, '"'), content: Buffer.from(content) };
    } else if (name !== 'file') {
      if (content.length > MAX_FIELD_BYTES) return new RequestRefused('body_too_many_values', { max: MAX_FIELD_BYTES });
      const value = content.toString('utf8');
      if (isBadText(value)) return new RequestRefused('bad_text');
      form[name] = value;
    }
    at = end + between.length;
  }
}

/**
 * Registers the parser on the server (the attachment routes' controller calls it when its module is set up, before the
 * server starts), once.
 */
export function registerAttachmentBodies(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('application/pdf')) return;
  fastify.addContentTypeParser([...ATTACHMENT_BODY_TYPES], attachmentBodyParser);
}
