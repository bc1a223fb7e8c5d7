/**
 * Slack's file upload flow (the one that replaced files.upload): files.getUploadURLExternal hands
 * out a file id and an upload URL, the bytes are POSTed there, and files.completeUploadExternal
 * shares the uploaded files in a conversation as one message. Files are kept in memory with their
 * bytes, so the sandbox page can show them and tests can compare what arrived.
 */
import { randomBytes } from 'node:crypto';
import { type ApiBody, BOT_ID, BOT_USER_ID, type SavedFile } from './slack-model.ts';
import { isRecord, stringArg } from './slack-wire.ts';
import type { ConversationDirectory } from './workspace-conversations.ts';
import type { MessageStore } from './workspace-messages.ts';

/** Slack's own cap on an uploaded file (1 GB); anything near it is a bug in a chat app. */
const MAX_LENGTH = 1024 * 1024 * 1024;
/** Slack refuses longer screen-reader descriptions with alt_txt_too_large. */
const MAX_ALT = 1000;

export type UploadedFile = {
  id: string;
  name: string;
  length: number;
  altTxt?: string;
  title?: string;
  bytes?: Buffer;
  created: number;
};

export type FileUrls = {
  /** Where the bytes of this file are to be POSTed. */
  upload: (id: string) => string;
  /** Where the stored bytes are read back (the file's url_private). */
  download: (id: string, name: string) => string;
};

const TYPES: Record<string, { mimetype: string; filetype: string }> = {
  png: { mimetype: 'image/png', filetype: 'png' },
  jpg: { mimetype: 'image/jpeg', filetype: 'jpg' },
  jpeg: { mimetype: 'image/jpeg', filetype: 'jpg' },
  gif: { mimetype: 'image/gif', filetype: 'gif' },
  txt: { mimetype: 'text/plain', filetype: 'text' },
  csv: { mimetype: 'text/csv', filetype: 'csv' },
};

export function fileType(name: string): { mimetype: string; filetype: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return TYPES[extension] ?? { mimetype: 'application/octet-stream', filetype: 'binary' };
}

export type FileUploadsDeps = {
  conversations: ConversationDirectory;
  messages: MessageStore;
  urls: () => FileUrls;
  now: () => number;
};

export class FileUploads {
  private files = new Map<string, UploadedFile>();
  private readonly deps: FileUploadsDeps;

  constructor(deps: FileUploadsDeps) {
    this.deps = deps;
  }

  getUploadURL(args: Record<string, unknown>): ApiBody {
    const name = stringArg(args, 'filename');
    if (name === undefined) return { ok: false, error: 'invalid_arguments' };
    // Slack's documented missing_argument: "Typically only occurs when the length provided is 0".
    const raw = stringArg(args, 'length');
    if (raw === undefined || Number(raw) === 0) return { ok: false, error: 'missing_argument' };
    const length = Number(raw);
    if (!Number.isInteger(length) || length < 0 || length > MAX_LENGTH)
      return { ok: false, error: 'invalid_arguments' };
    const altTxt = stringArg(args, 'alt_txt');
    if (altTxt !== undefined && altTxt.length > MAX_ALT) return { ok: false, error: 'alt_txt_too_large' };
    // Slack file ids are F followed by upper-case letters and digits.
    const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
    this.files.set(id, {
      id,
      name,
      length,
      created: Math.floor(this.deps.now() / 1000),
      ...(altTxt !== undefined ? { altTxt } : {}),
    });
    return { ok: true, upload_url: this.deps.urls().upload(id), file_id: id };
  }

  /** The bytes POSTed to an upload URL: Slack answers 200 "OK - <bytes>", or refuses them. */
  receive(id: string, bytes: Buffer): { status: number; text: string } {
    const file = this.files.get(id);
    if (!file) return { status: 404, text: 'Not Found' };
    if (bytes.length !== file.length)
      return { status: 400, text: `length mismatch: expected ${file.length}, got ${bytes.length}` };
    file.bytes = bytes;
    return { status: 200, text: `OK - ${bytes.length}` };
  }

  complete(args: Record<string, unknown>): ApiBody {
    const listed = parseFiles(args.files);
    if (!listed) return { ok: false, error: 'invalid_arguments' };
    const files: UploadedFile[] = [];
    for (const entry of listed) {
      const file = this.files.get(entry.id);
      // Completing a file whose bytes never arrived is what Slack refuses here.
      if (!file?.bytes) return { ok: false, error: 'file_not_found' };
      files.push(file);
    }
    const target = stringArg(args, 'channel_id');
    const channel = target === undefined ? undefined : this.deps.conversations.resolve(target);
    if (target !== undefined && channel === undefined) return { ok: false, error: 'channel_not_found' };
    for (const [index, file] of files.entries()) {
      const title = listed[index]?.title;
      if (title !== undefined) file.title = title;
    }
    const described = files.map((file) => this.describe(file));
    if (channel !== undefined) {
      const comment = stringArg(args, 'initial_comment');
      const threadTs = stringArg(args, 'thread_ts');
      // Documented: blocks are ignored when initial_comment is set.
      const blocks = comment === undefined && Array.isArray(args.blocks) ? args.blocks : undefined;
      this.deps.messages.add(channel, {
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        text: comment ?? '',
        ...(blocks ? { blocks } : {}),
        ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
        files: described,
      });
    }
    return { ok: true, files: described.map(({ id, title }) => ({ id, title })) };
  }

  /** A stored file's bytes and type, for the download route. */
  read(id: string): { bytes: Buffer; mimetype: string } | undefined {
    const file = this.files.get(id);
    return file?.bytes ? { bytes: file.bytes, mimetype: fileType(file.name).mimetype } : undefined;
  }

  /** Every file handed out so far (uploaded or not), oldest first. */
  all(): UploadedFile[] {
    return [...this.files.values()];
  }

  clear(): void {
    this.files = new Map();
  }

  /** The files whose bytes arrived, for a snapshot (the sandbox page shows them after a restart). */
  save(): SavedFile[] {
    return this.all().flatMap(({ bytes, ...file }) =>
      bytes ? [{ ...file, base64: bytes.toString('base64') }] : [],
    );
  }

  restore(saved: SavedFile[]): void {
    for (const { base64, ...file } of saved)
      this.files.set(file.id, { ...file, bytes: Buffer.from(base64, 'base64') });
  }

  /** A file object as Slack puts it in a message's `files`. */
  private describe(file: UploadedFile): Record<string, unknown> {
    const { mimetype, filetype } = fileType(file.name);
    const url = this.deps.urls().download(file.id, file.name);
    return {
      id: file.id,
      created: file.created,
      name: file.name,
      title: file.title ?? file.name,
      mimetype,
      filetype,
      size: file.length,
      user: BOT_USER_ID,
      url_private: url,
      url_private_download: url,
      ...(file.altTxt !== undefined ? { alt_txt: file.altTxt } : {}),
    };
  }
}

/** `files` arrives as a JSON string in a form body (the WebClient flattens arrays) or as an array. */
function parseFiles(value: unknown): { id: string; title?: string }[] | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const out: { id: string; title?: string }[] = [];
  for (const entry of parsed) {
    if (!isRecord(entry) || typeof entry.id !== 'string') return undefined;
    out.push({ id: entry.id, ...(typeof entry.title === 'string' ? { title: entry.title } : {}) });
  }
  return out;
}
