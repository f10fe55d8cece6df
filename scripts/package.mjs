// npm run package: a production build, then a .vsix with only what the extension needs (see .vscodeignore).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const out = process.env.VSIX_OUT ?? `${name}-${version}.vsix`;
run('node', ['scripts/build.mjs', '--production']);
// The bundles already contain every dependency, so vsce needs no node_modules.
run('npx', ['vsce', 'package', '--no-dependencies', '--out', out]);
const files = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' }).trim().split('\n');
console.log(`vsix: ${out}, ${(statSync(out).size / 1024).toFixed(0)} KiB, ${files.length} files`);
