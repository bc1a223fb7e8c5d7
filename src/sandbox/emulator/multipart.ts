/**
 * multipart/form-data bodies split into their parts: what Slack's upload URL accepts besides raw
 * bytes (the SDK's filesUploadV2 sends a form), and what Lark's image upload takes. Shared by the
 * emulator and the fake Lark of tests/support.
 */

export type FormPart = { name: string; filename?: string; contentType?: string; data: Buffer };

/** Splits a multipart/form-data body into its parts; undefined when it is not one. */
export function parseMultipart(contentType: string | undefined, raw: Buffer): FormPart[] | undefined {
  const boundary = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return undefined;
  const delimiter = Buffer.from(`--${marker}`);
  const parts: FormPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    // Each part: CRLF, headers, blank line, data, CRLF before the next delimiter.
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      if (name !== undefined)
        parts.push({
          name,
          data: part.subarray(split + 4),
          ...(filename !== undefined ? { filename } : {}),
          ...(type !== undefined ? { contentType: type.trim() } : {}),
        });
    }
    start = next;
  }
  return parts;
}
