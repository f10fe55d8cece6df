import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

interface Step {
  id: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs: { steps: Step[] }[] };
};
const commands = new Set(manifest.contributes.commands.map((c) => c.command));
const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);

describe('the walkthrough', () => {
  it('walks through the first five minutes: mistake, rating, models, run, prompt, export', () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ['seeMistake', 'rate', 'model', 'sampleAndCorrect', 'editPrompt', 'export'],
    );
  });

  it('links and listens only to commands the extension contributes', () => {
    for (const step of steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      const awaited = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      assert.ok(linked.length > 0, `step ${step.id} has a button`);
      for (const id of [...linked, ...awaited]) assert.ok(commands.has(id ?? ''), `step ${step.id}: ${id} is not a contributed command`);
    }
  });

  it("has every step's page on disk and in the packaged extension", () => {
    const packaged = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const step of steps) {
      const page = step.media.markdown;
      assert.ok(page !== undefined && existsSync(join(root, page)), `step ${step.id}: ${page} exists`);
      assert.ok(packaged.includes('!media/walkthrough/*.md') && page.startsWith('media/walkthrough/') && page.endsWith('.md'), `${page} is packaged`);
    }
  });
});
