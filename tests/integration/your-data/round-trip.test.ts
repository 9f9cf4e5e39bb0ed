import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/core';
import type { World } from '../posts/scheduling-kit';
import { asHeld, dbFile, exportAndWait, filledWorld, importAndWait, mediaFiles, tableRows } from './kit';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

/** What changes on the way by design: an account's sign-in never travels. */
function withoutSignIns(rows: Map<string, unknown[]>): Map<string, unknown[]> {
  const out = new Map(rows);
  out.set('accounts', (rows.get('accounts') ?? []).map((r) => ({ ...(r as object), status: 'x', status_reason: 'x', secret_ref: 'x', token_expires_at: 'x' })));
  out.set('app_credentials', (rows.get('app_credentials') ?? []).map((r) => ({ ...(r as object), secret_ref: 'x' })));
  return out;
}

describe('export and import: round trip', () => {
  for (const passphrase of [undefined, 'correct horse battery staple']) {
    it(`gives back the same workspace, row by row and file by file (${passphrase ? 'encrypted' : 'plain'})`, async () => {
      const w = await filledWorld();
      worlds.push(w);
      // Enough text beyond ASCII that the NDJSON's pieces end inside characters (read in pieces of 16 KiB–1 MiB).
      const audit = w.core.workspaces.db(w.workspaceId).sqlite.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)');
      for (let i = 0; i < 3000; i++) audit.run(new Date(1_700_000_000_000 + i).toISOString(), 'test', 'note', `é ü 😀 中文 ${'ß'.repeat(i % 97)} ${i}`);
      const before = tableRows(dbFile(w.core, w.workspaceId));
      const empty = [...before].filter(([name, rows]) => rows.length === 0 && name !== '__promogpt_migrations').map(([name]) => name);
      expect(empty, 'every table of the workspace has data').toEqual([]);
      const beforeMedia = mediaFiles(w.core, w.workspaceId);
      const kinds = (before.get('media_items') as { kind: string; render_id: string | null }[]).map((m) => (m.render_id ? 'derived' : m.kind));
      expect(new Set(kinds)).toEqual(new Set(['image', 'video', 'audio', 'derived']));
      expect([...beforeMedia.keys()].some((k) => k.startsWith('thumbs'))).toBe(true);

      const out = path.join(tempDir(), 'acme.promogpt');
      const exported = await exportAndWait(w.core, { workspaceId: w.workspaceId, out, ...(passphrase ? { passphrase } : {}) });
      expect(exported).toMatchObject({ state: 'succeeded', encrypted: Boolean(passphrase), error: null });
      expect(exported.doneBytes).toBeGreaterThan(0);
      expect(exported.fileBytes).toBe(fs.statSync(out).size); // what the CLI and the app say was written
      expect(fs.readdirSync(path.dirname(out))).toEqual(['acme.promogpt']); // no partial file left

      const imported = await importAndWait(w.core, out, passphrase);
      expect(imported.error).toBeNull();
      expect(imported.state).toBe('succeeded');
      const fresh = imported.imported?.[0];
      expect(fresh).toMatchObject({ name: 'Acme (imported)', accountsToReconnect: 1 });
      const newId = fresh!.id;
      expect(newId).not.toBe(w.workspaceId);

      // The new workspace opens through the app and its tables equal the old ones, but for its
      // schedule, held because the original is beside it (held-schedule.test.ts).
      const accounts = await w.core.call('account.list', { workspaceId: newId });
      expect(accounts.map((a) => a.status)).toEqual(['needs_reconnect']);
      const after = tableRows(dbFile(w.core, newId));
      expect(withoutSignIns(after)).toEqual(withoutSignIns(asHeld(before)));
      expect(after.get('accounts')).toEqual((before.get('accounts') as object[]).map((r) => expect.objectContaining({ ...r, status: 'needs_reconnect', secret_ref: null, token_expires_at: null, status_reason: expect.stringMatching(/sign in again/) })));
      expect(mediaFiles(w.core, newId)).toEqual(beforeMedia);
      const posts = await w.core.call('post.list', { workspaceId: newId });
      expect(posts.map((p) => p.text).sort()).toEqual((await w.list()).map((p) => p.text).sort());

      // The original is untouched; both are listed; the security log tells of export and import.
      expect((await w.core.call('workspace.list', {})).map((x) => x.name)).toEqual(['Acme', 'Acme (imported)']);
      expect(tableRows(dbFile(w.core, w.workspaceId))).toEqual(before);
      expect(fs.readdirSync(w.core.layout.workspaces).filter((n) => n.startsWith('.'))).toEqual([]);
    }, 120_000);
  }

  it('exports every workspace of the app as one file and imports each as a new one', async () => {
    const w = await filledWorld();
    worlds.push(w);
    const second = await w.core.call('workspace.create', { name: 'Beta' });
    await w.addMastodon('bob', second.id);
    const out = path.join(tempDir(), 'everything.promogpt');
    expect(await exportAndWait(w.core, { all: true, out })).toMatchObject({ state: 'succeeded' });
    const job = await importAndWait(w.core, out);
    expect(job.error).toBeNull();
    expect(job.imported?.map((i) => i.name)).toEqual(['Acme (imported)', 'Beta (imported)']);
    expect(tableRows(dbFile(w.core, job.imported![1]!.id)).get('accounts')).toHaveLength(1);
  }, 120_000);

  it('cancels an export and leaves no file', async () => {
    const w = await filledWorld();
    worlds.push(w);
    const dir = tempDir();
    const job = await w.core.call('data.export', { workspaceId: w.workspaceId, out: path.join(dir, 'x.promogpt') });
    w.core.call('data.cancel', { jobId: job.id });
    const ended = await w.core.yourData.wait(job.id);
    expect(ended).toMatchObject({ state: 'cancelled', error: { name: 'Cancelled' } });
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('refuses to write over an existing file', async () => {
    const w = await filledWorld();
    worlds.push(w);
    const out = path.join(tempDir(), 'taken.promogpt');
    fs.writeFileSync(out, 'mine');
    await expect(w.core.call('data.export', { workspaceId: w.workspaceId, out })).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
  }, 60_000);
});
