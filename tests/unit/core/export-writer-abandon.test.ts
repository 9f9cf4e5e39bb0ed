// A cancel right after an export starts: the partial file may still be opening when the export
// is abandoned, and must be gone once abandon() returns, not created just after it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportWriter } from '../../../src-main/core/data/export-writer';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('abandoning an export', () => {
  it('leaves no partial file, even when abandoned before its file has opened', async () => {
    for (let i = 0; i < 20; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abandon-'));
      dirs.push(dir);
      const writer = await ExportWriter.create(path.join(dir, 'x.promogpt'), {});
      await writer.abandon();
      await new Promise((r) => setTimeout(r, 5)); // an open still in flight would land by now
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  });
});
