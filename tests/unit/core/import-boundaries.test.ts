import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'fatal');
}

// The lint rule is the guard of STYLE.md §1; this proves the rule itself still bites.
describe('import boundaries', () => {
  it.each([
    ['src-shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['src-shared/x.ts', "import { createCore } from '../src-main/core/app';\nexport const a = createCore;\n"],
    ['src-main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-main/core/x.ts', "import { a } from '../electron/main';\nexport const b = a;\n"],
    ['src-renderer/x.ts', "import path from 'node:path';\nexport const a = path;\n"],
    ['src-renderer/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"],
    ['src-renderer/x.ts', "import { createCore } from '../src-main/core/app';\nexport const a = createCore;\n"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await ruleIdsFor(file, code)).toContain('no-restricted-imports');
  });

  it('refuses console.* in the core', async () => {
    expect(await ruleIdsFor('src-main/core/x.ts', "console.log('hi');\n")).toContain('no-console');
  });

  it('allows what each area may use', async () => {
    expect(await ruleIdsFor('src-main/core/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toEqual([]);
    expect(await ruleIdsFor('src-renderer/x.ts', "import { useState } from 'react';\nexport const a = useState;\n")).toEqual([]);
  });
});
