import { Writable } from 'node:stream';
import { main } from '../../../src/cli/cli';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mistakebook …` in this process with its output captured. */
export async function run(...argv: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(chunk.toString());
        done();
      },
    });
  const code = await main(argv, { stdout: sink(out), stderr: sink(err) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
