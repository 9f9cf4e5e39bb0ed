#!/usr/bin/env node
// The `promogpt` command. The code is built into dist/ by `npm ci` (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('PromoGPT is not built yet. Run `npm ci` (or `npm run build`) in the PromoGPT folder first.\n');
  process.exit(1);
}
await import(entry.href);
