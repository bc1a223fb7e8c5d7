/**
 * The emulator's file routes beside the Web API: `<basePath>/upload/<file id>` takes the bytes of
 * a file announced by files.getUploadURLExternal (raw body, as the WebClient sends it), and
 * `<basePath>/files/<file id>/<name>` serves them back (a file's url_private, for the sandbox page).
 * Slack takes the bytes raw or as a multipart form (the SDK's filesUploadV2 sends a form): the
 * form's file part is the file.
 * Uploads are recorded as method 'upload_url' and can be made to fail like any method.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailureInjector, Reply } from './failure-injection.ts';
import type { FileUploads } from './file-uploads.ts';
import { parseMultipart } from './multipart.ts';

export type UploadRecord = (
  call: { method: string; args: Record<string, unknown>; at: number },
  reply: Reply,
) => void;

export type UploadRoutes = {
  basePath: string;
  files: FileUploads;
  failures: FailureInjector;
  record: UploadRecord;
};

/** Serves an upload or a download; false when the path is neither. */
export function handleFileRoute(
  routes: UploadRoutes,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  const upload = `${routes.basePath}/upload/`;
  const download = `${routes.basePath}/files/`;
  if (path.startsWith(upload) && req.method === 'POST') {
    const id = decodeURIComponent(path.slice(upload.length));
    readRaw(req)
      .then((raw) => {
        const form = parseMultipart(req.headers['content-type'], raw);
        const part = form?.find((candidate) => candidate.filename !== undefined) ?? form?.[0];
        receive(routes, id, form ? (part?.data ?? Buffer.alloc(0)) : raw, res);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`slack emulator internal error: ${error instanceof Error ? error.message : String(error)}`);
      });
    return true;
  }
  if (path.startsWith(download) && req.method === 'GET') {
    const id = decodeURIComponent(path.slice(download.length).split('/')[0] ?? '');
    const file = routes.files.read(id);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('file_not_found');
    } else {
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) });
      res.end(file.bytes);
    }
    return true;
  }
  return false;
}

function receive(routes: UploadRoutes, id: string, bytes: Buffer, res: ServerResponse): void {
  const call = { method: 'upload_url', args: { file_id: id, length: bytes.length }, at: Date.now() };
  const failure = routes.failures.take(call.method);
  if (failure) {
    routes.record(call, failure);
    res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
    res.end(JSON.stringify(failure.body));
    return;
  }
  const answer = routes.files.receive(id, bytes);
  // Recorded with ok like the API calls, so `failed` means the same thing in the call log.
  const body = answer.status === 200 ? { ok: true } : { ok: false, error: answer.text };
  routes.record(call, { status: answer.status, body, headers: {} });
  res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(answer.text);
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
