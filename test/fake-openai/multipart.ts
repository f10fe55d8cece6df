/** The parts of a multipart/form-data body (an SDK file upload): enough of the format for the fake endpoints. */
export interface FormParts {
  /** Text fields by name (e.g. `purpose`). */
  fields: Map<string, string>;
  /** The `file` part, if any: its content and file name. */
  file?: { name: string; content: string };
}

/** Splits `raw` by the boundary named in `contentType`; undefined when it is not multipart. */
export function parseMultipart(raw: Buffer, contentType: string | undefined): FormParts | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  const value = boundary?.[1] ?? boundary?.[2];
  if (value === undefined || !/multipart\/form-data/i.test(contentType ?? '')) return undefined;
  const out: FormParts = { fields: new Map() };
  for (const part of raw.toString('utf8').split(`--${value}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name === undefined) continue;
    const content = part.slice(headerEnd + 4, part.lastIndexOf('\r\n'));
    if (name === 'file') out.file = { name: /filename="([^"]*)"/.exec(headers)?.[1] ?? 'upload', content };
    else out.fields.set(name, content);
  }
  return out;
}
