import { userFileStream } from '../io/userFile';

/**
 * The number of lines in a file (a last line without a newline counts), read in chunks without
 * decoding: cheap enough for a tree view to label a 1 GB JSONL file. Blank lines count too. Only a
 * regular file is read (a FIFO, a device or a folder is refused with a message naming it).
 */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of await userFileStream(file, 1024 * 1024)) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1] as number;
  }
  return last === 0x0a ? lines : lines + 1;
}
