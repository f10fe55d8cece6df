// esbuild for every bundle of the project:
//   dist/extension.js   the extension host entry (node, cjs, `vscode` external)
//   dist/cli.js         the `mistakebook` bin
//   dist/webview/*.js   one browser bundle per folder webview/<name>/main.ts (+ main.css when present)
//   dist/webview/katex/ KaTeX's stylesheet and fonts, loaded by the webviews through asWebviewUri
//   out/test/**         the integration suite (run inside VS Code's extension host), one bundle per file
// Flags: --production (minified, no test bundles), --watch.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = new URL('..', import.meta.url).pathname;
const at = (...p) => join(root, ...p);

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', absWorkingDir: root };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

function webviewEntries() {
  const dir = at('webview');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'main.ts')))
    .flatMap((d) => {
      const entries = [{ in: join(dir, d.name, 'main.ts'), out: d.name }];
      if (existsSync(join(dir, d.name, 'main.css'))) entries.push({ in: join(dir, d.name, 'main.css'), out: d.name });
      return entries;
    });
}

function testEntries(folder) {
  const dir = at('test', folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => ({ in: join(dir, f), out: join(folder, f.replace(/\.ts$/, '')) }));
}

const builds = [
  { ...node, entryPoints: [{ in: at('src/extension/main.ts'), out: 'extension' }], outdir: at('dist') },
  {
    ...node,
    entryPoints: [{ in: at('src/cli/main.ts'), out: 'cli' }],
    outdir: at('dist'),
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: webviewEntries(),
    outdir: at('dist/webview'),
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
  },
];
if (!production) {
  // mocha stays external: it loads files by name at run time and resolves from node_modules.
  builds.push({ ...node, entryPoints: testEntries('integration'), outdir: at('out/test'), external: ['vscode', 'mocha'] });
}

function copyKatexAssets() {
  const from = at('node_modules/katex/dist');
  const to = at('dist/webview/katex');
  mkdirSync(join(to, 'fonts'), { recursive: true });
  cpSync(join(from, 'katex.min.css'), join(to, 'katex.min.css'));
  for (const f of readdirSync(join(from, 'fonts'))) if (f.endsWith('.woff2')) cpSync(join(from, 'fonts', f), join(to, 'fonts', f));
}

// No clean step: esbuild overwrites its outputs, and the .vsix takes only the files .vscodeignore names.
copyKatexAssets();
const active = builds.filter((b) => b.entryPoints.length > 0 && b.entryPoints.every((e) => existsSync(e.in)));
if (watch) {
  for (const b of active) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching for changes');
} else {
  const t0 = Date.now();
  await Promise.all(active.map((b) => esbuild.build(b)));
  console.log(`esbuild: ${production ? 'production' : 'development'} build in ${Date.now() - t0} ms`);
}
