// Child process for the crash test: resumes a table and appends records until killed,
// printing the record number every 50 appends so the parent knows it is mid-stream.
import { openTable } from '../../../../src/core/store/tableWriter';

async function main(): Promise<void> {
  const file = process.argv[2] ?? '';
  const writer = await openTable<{ id: string; n: number; completion: string }>(file, { onDiagnostic: (d) => process.stderr.write(`${d.message}\n`) });
  // Sizes up to ~200 KB: the kernel may stop a large write part-way when SIGKILL arrives.
  for (let n = writer.count; ; n++) {
    await writer.append({ id: `r${n}`, n, completion: `Step 1: ${'x'.repeat((n * 7919) % 200_000)} The answer is ${n}.` });
    if (n % 50 === 0) process.stdout.write(`${n}\n`);
  }
}

void main();
