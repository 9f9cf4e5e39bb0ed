import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src-shared/domain';
import type { DataJob } from '../../src-shared/your-data';
import { assertBuilt, promogpt } from '../helpers/cli';
import { tempDir } from '../helpers/core';

// Export and import as a user scripts them: files, flags, passphrases, exit codes.
const dataDir = tempDir();
const files = tempDir('promogpt-cli-export-');
const at = (name: string) => path.join(files, name);
const cli = (args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) => promogpt(['--data-dir', dataDir, ...args], opts);
let workspaceId: string;

beforeAll(() => {
  assertBuilt();
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-frames:v', '1', at('pic.png')]);
  workspaceId = (JSON.parse(cli(['--json', 'workspace', 'create', 'Acme']).stdout) as Workspace).id;
  expect(cli(['media', 'add', '--workspace', workspaceId, at('pic.png')]).code).toBe(0);
}, 60_000);

const names = () => (JSON.parse(cli(['--json', 'workspace', 'list']).stdout) as Workspace[]).map((w) => w.name);

// Each CLI run starts a process and derives a scrypt key: slow on a busy machine, so a roomy timeout.
describe('promogpt export / import', { timeout: 120_000 }, () => {
  it('exports a workspace and imports it as a new one', () => {
    const r = cli(['--json', 'export', '--workspace', workspaceId, '--out', at('acme.promogpt')]);
    expect(r.stderr).not.toMatch(/warning|error/i);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'export', state: 'succeeded', encrypted: false, file: at('acme.promogpt') });
    const i = cli(['import', at('acme.promogpt')]);
    expect(i.code).toBe(0);
    expect(i.stdout).toMatch(/^Imported workspace ws_\S+ "Acme \(imported\)"\n$/);
    expect(names()).toEqual(['Acme', 'Acme (imported)']);
    const media = JSON.parse(cli(['--json', 'media', 'list', '--workspace', JSON.parse(cli(['--json', 'workspace', 'list']).stdout)[1].id]).stdout);
    expect(media).toHaveLength(1);
  });

  it('encrypts with --passphrase-env and imports with the passphrase from the environment or standard input', () => {
    const env = { MY_PASS: 'correct horse battery' };
    const r = cli(['export', '--workspace', workspaceId, '--out', at('secret.promogpt'), '--passphrase-env', 'MY_PASS'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exported to .*secret\.promogpt \(.* MB, encrypted\)/);
    expect(fs.readFileSync(at('secret.promogpt')).subarray(0, 8).toString('latin1')).toBe('PGMTENC1');

    const wrong = cli(['import', at('secret.promogpt'), '--passphrase-env', 'MY_PASS'], { env: { MY_PASS: 'not it at all' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/(^|\n)Error: The passphrase is wrong: this export was encrypted with another one\. Nothing was imported\.\n$/);
    const unset = cli(['import', at('secret.promogpt'), '--passphrase-env', 'NOPE_UNSET']);
    expect(unset.stderr).toMatch(/NOPE_UNSET is empty or not set/);

    const before = names().length;
    const ok = cli(['--json', 'import', at('secret.promogpt')], { input: 'correct horse battery\n' });
    expect(ok.code).toBe(0);
    // Nothing was scheduled in it, so nothing is held (held-schedule.test.ts).
    expect((JSON.parse(ok.stdout) as DataJob).imported).toEqual([expect.objectContaining({ heldPosts: 0, accountsToReconnect: 0 })]);
    expect(names()).toHaveLength(before + 1);
  });

  it('exports every workspace with --all, and refuses --all with --workspace', () => {
    const r = cli(['--json', 'export', '--all', '--out', at('all.promogpt')]);
    expect(r.code).toBe(0);
    const bad = cli(['export', '--all', '--workspace', workspaceId, '--out', at('x.promogpt')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('Error: Give --workspace ID or --all, not both.\n');
    const before = names().length;
    const i = JSON.parse(cli(['--json', 'import', at('all.promogpt')]).stdout) as DataJob;
    expect(i.imported).toHaveLength(before);
    expect(names()).toHaveLength(before * 2);
  });

  it('saves a table as CSV, and names the tables it can save', () => {
    const r = cli(['export', '--workspace', workspaceId, '--csv', 'media_items', '--out', at('media.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Saved 1 rows of media_items to ${at('media.csv')}\n`);
    const csv = fs.readFileSync(at('media.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^id,.*file_name/);
    expect(csv[1]).toContain('pic.png');
    const posts = cli(['export', '--workspace', workspaceId, '--csv', 'posts', '--out', at('posts.csv')]);
    expect(posts.code).toBe(0);
    expect(fs.readFileSync(at('posts.csv'), 'utf8')).toMatch(/^id,status,text/);
    const bad = cli(['export', '--workspace', workspaceId, '--csv', 'accounts', '--out', at('accounts.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"accounts" cannot be saved as CSV\. Choose one of: .*posts/);
    expect(fs.existsSync(at('accounts.csv'))).toBe(false);
  });

  it('refuses a file that is not an export, with exit 1 and no new workspace', () => {
    fs.writeFileSync(at('fake.promogpt'), 'hello');
    const before = names();
    const r = cli(['import', at('fake.promogpt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: This export file cannot be imported: it is not a PromoGPT export/);
    expect(names()).toEqual(before);
  });
});
