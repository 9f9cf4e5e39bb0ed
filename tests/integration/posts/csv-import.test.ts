import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { memorySecretStore } from '../../../src-main/core/platform/secrets';
import { startMastodonFake, type MastodonFake } from '../../fakes/mastodon/server';
import { tempDir } from '../../helpers/core';

const clock = fixedClock('2026-05-01T08:00:00.000Z');
let fake: MastodonFake;
let core: Core;
let workspaceId: string;
const dir = tempDir('promogpt-csv-');

beforeAll(async () => {
  fake = await startMastodonFake({ clock });
  const alice = fake.addAccount({ username: 'alice' });
  core = createCore({ dataDir: tempDir(), shell: 'cli', secrets: memorySecretStore(), clock });
  workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
  await core.accounts.saveConnected(workspaceId, 'mastodon', { tokens: { accessToken: fake.issueToken(alice.id) }, identity: { platformUserId: alice.id, handle: '@alice' }, apiBase: fake.url, extras: { instanceUrl: fake.url } });
  fs.writeFileSync(path.join(dir, 'photo.png'), 'png');
});
afterAll(async () => {
  core?.close();
  await fake?.close();
});

const csv = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const countOf = (table: 'posts' | 'jobs' | 'post_targets') => {
  const db = new Database(core.workspaces.db(workspaceId).sqlite.name, { readonly: true });
  const n = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  db.close();
  return n;
};
const postCount = () => countOf('posts');

describe('CSV import', () => {
  const good = 'account,text,media,time,timezone,first_comment\n@alice,"Spring sale, 20% off",photo.png,2026-05-04 09:00,Europe/Berlin,\n@alice,Second post,,2026-05-05 09:00,Europe/Berlin,Thanks!\n';
  const mixed = `${good}@bob,Unknown account,,2026-05-06 09:00,Europe/Berlin,\n@alice,Bad zone,,2026-05-06 09:00,Mars/Olympus,\n@alice,Missing picture,nope.png,2026-05-06 09:00,Europe/Berlin,\n@alice,In the past,,2020-01-01 09:00,Europe/Berlin,\n`;

  it('a dry run reports every problem by row and column, and imports nothing', async () => {
    const report = await core.call('post.importCsv', { workspaceId, path: csv('mixed.csv', mixed), commit: false });
    expect(report.summary).toEqual({ total: 6, valid: 2, invalid: 4 });
    expect(report.committed).toBe(false);
    const problems = report.rows.flatMap((r) => r.problems.map((p) => [r.row, p.column]));
    expect(problems).toEqual([
      [3, 'account'],
      [4, 'timezone'],
      [5, 'media'],
      [6, 'time'],
    ]);
    expect(postCount()).toBe(0);
  });

  it('commit imports the valid rows, scheduled in their zone', async () => {
    const report = await core.call('post.importCsv', { workspaceId, path: csv('good.csv', good), commit: true });
    expect(report).toMatchObject({ committed: true, summary: { valid: 2, invalid: 0 } });
    expect(report.importedPostIds).toHaveLength(2);
    const first = await core.call('post.get', { workspaceId, postId: report.importedPostIds[0] as string });
    expect(first).toMatchObject({ scheduledAt: '2026-05-04T07:00:00.000Z', timeZone: 'Europe/Berlin', text: 'Spring sale, 20% off' });
    expect(postCount()).toBe(2);
  });

  it('the dry run warns about the same text for the same account close in time, in the workspace and within the file', async () => {
    const repeats = 'account,text,time,timezone\n@alice,"Spring  SALE, 20% off",2026-05-04 12:00,Europe/Berlin\n@alice,Fresh text,2026-05-07 09:00,Europe/Berlin\n@alice,Fresh text,2026-05-07 10:30,Europe/Berlin\n';
    const report = await core.call('post.importCsv', { workspaceId, path: csv('repeats.csv', repeats), commit: false });
    expect(report.summary).toEqual({ total: 3, valid: 3, invalid: 0 });
    expect(report.rows.map((r) => r.warnings)).toEqual([
      [{ column: 'text', message: expect.stringMatching(/^The same text is already scheduled for @alice 3 h from this time \(post /) }],
      [],
      [{ column: 'text', message: 'Row 2 has the same text for this account 90 min from this time.' }],
    ]);
  });

  it('refuses a non-UTF-8 file with the place of the first bad byte', async () => {
    const latin1 = Buffer.concat([Buffer.from('account,text,time,timezone\n@alice,Caf'), Buffer.from([0xe9]), Buffer.from(',2026-05-04 09:00,Europe/Berlin\n')]);
    const p = path.join(dir, 'latin1.csv');
    fs.writeFileSync(p, latin1);
    const result = await core.invoke('post.importCsv', { workspaceId, path: p, commit: false });
    expect(result).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/UTF-8/) } });
  });

  it('nothing is half-imported when a row fails while committing', async () => {
    const before = { posts: postCount(), targets: countOf('post_targets'), jobs: countOf('jobs') };
    // The account is disconnected between the dry run and the commit: the second row's create fails.
    const rows = 'account,text,time,timezone\n@alice,One,2026-05-07 09:00,Europe/Berlin\n@alice,Two,2026-05-07 10:00,Europe/Berlin\n';
    const file = csv('race.csv', rows);
    const original = core.accounts.get.bind(core.accounts);
    let calls = 0;
    core.accounts.get = (ws: string, id: string) => {
      calls += 1;
      if (calls === 2) throw new Error('the account went away');
      return original(ws, id);
    };
    const result = await core.invoke('post.importCsv', { workspaceId, path: file, commit: true });
    core.accounts.get = original;
    expect(result.ok).toBe(false);
    expect({ posts: postCount(), targets: countOf('post_targets'), jobs: countOf('jobs') }).toEqual(before);
  });
});
