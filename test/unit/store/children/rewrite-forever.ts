// Child process for the atomic-write test: rewrites a file with alternating large contents until killed.
import { writeFileAtomic } from '../../../../src/core/store/atomicWrite';

async function main(): Promise<void> {
  const file = process.argv[2] ?? '';
  for (let n = 0; ; n++) {
    const version = { version: n % 2, padding: `${n % 2}`.repeat(4_000_000) };
    await writeFileAtomic(file, JSON.stringify(version));
    process.stdout.write(`${n}\n`);
  }
}

void main();
