/**
 * Looks for an API key in every file under some folders: as UTF-8 (plain text, JSON, SQLite),
 * UTF-16 (Chromium's storage) and base64 (a Basic header or an encoded blob). Issue 8's audit.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretHit {
  file: string;
  encoding: 'utf8' | 'utf16le' | 'base64';
}

export interface SecretScan {
  hits: SecretHit[];
  filesScanned: number;
  bytesScanned: number;
}

/** Every file under `roots` (symlinks not followed) that holds `secret` in any of the forms above. */
export function scanForSecret(roots: readonly string[], secret: string): SecretScan {
  const needles: Array<[SecretHit['encoding'], Buffer]> = [
    ['utf8', Buffer.from(secret, 'utf8')],
    ['utf16le', Buffer.from(secret, 'utf16le')],
    ['base64', Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, ''))],
  ];
  const scan: SecretScan = { hits: [], filesScanned: 0, bytesScanned: 0 };
  const visit = (path: string): void => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return; // removed while we looked (a browser's temp files)
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
      return;
    }
    if (!stat.isFile()) return;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return;
    }
    scan.filesScanned++;
    scan.bytesScanned += bytes.length;
    for (const [encoding, needle] of needles) if (bytes.includes(needle)) scan.hits.push({ file: path, encoding });
  };
  for (const root of roots) visit(root);
  return scan;
}
