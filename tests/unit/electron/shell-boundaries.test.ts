import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const electronDir = path.resolve(__dirname, '../../../src-main/electron');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('electron shell boundaries', () => {
  it('keeps the guards free of Electron, so they run and are tested in plain Node', () => {
    const guards = sources(path.join(electronDir, 'guards'));
    expect(guards.map((f) => path.basename(f)).sort()).toEqual(['app-protocol.ts', 'csp.ts', 'external-links.ts', 'ipc-sender.ts', 'navigation.ts', 'window-options.ts']);
    for (const file of guards) expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/from\s+['"]electron['"]|require\(\s*['"]electron['"]/);
  });

  it('has no console calls: everything goes through the redacting logger', () => {
    for (const file of sources(electronDir)) expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/\bconsole\./);
  });

  it('never hands ipcRenderer, process or the environment to the page', () => {
    const preload = fs.readFileSync(path.join(electronDir, 'preload.ts'), 'utf8');
    const exposed = preload.match(/exposeInMainWorld\(([^)]*)\)/g) ?? [];
    expect(exposed).toEqual(["exposeInMainWorld('promogpt', api)"]);
    for (const file of ['preload.ts', 'preload-api.ts']) {
      expect(fs.readFileSync(path.join(electronDir, file), 'utf8'), file).not.toMatch(/process\.|exposeInIsolatedWorld/);
    }
  });
});
