// Child process for lock tests: opens a table, says "ready", and holds it until stdin closes.
import { openTable } from '../../../../src/core/store/tableWriter';

async function main(): Promise<void> {
  const file = process.argv[2] ?? '';
  const writer = await openTable(file, { onDiagnostic: (d) => process.stderr.write(`${d.message}\n`) });
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
  await writer.close();
}

void main();
