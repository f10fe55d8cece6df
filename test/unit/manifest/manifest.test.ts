import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../../src/extension/commands/ids';
import { settingDefaults } from '../../../src/extension/settingsDefaults';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
    menus: Record<string, { command?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Manifest;

describe('package.json agrees with the code', () => {
  it('contributes exactly the commands of the command ids', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
  });

  it('names only known commands in its menus', () => {
    const known = new Set<string>(Object.values(Commands));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) if (item.command !== undefined) assert.ok(known.has(item.command), `${menu} names ${item.command}`);
    }
  });

  it('declares every setting with the default the code falls back to', () => {
    const declared = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.default]));
    assert.deepEqual(declared, settingDefaults());
  });
});
