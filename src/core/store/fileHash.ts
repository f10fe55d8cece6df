import { createHash } from 'node:crypto';
import { userFileStream } from '../io/userFile';

/**
 * sha256 (hex) of a user's file, read in chunks so a large dataset never sits in memory whole;
 * a folder, FIFO or device is refused (a FIFO would hang it, /dev/zero never end).
 */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  const stream = await userFileStream(file, 1 << 20);
  try {
    for await (const chunk of stream) hash.update(chunk);
  } finally {
    stream.destroy();
  }
  return hash.digest('hex');
}
