// Plain statements must give the rows drizzle gives: same keys, same values.
import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { plainColumns } from '../../../src-main/core/db/plain-columns';
import { accounts, jobs, postTargets } from '../../../src-main/core/db/schema/workspace';
import { workspaceSetup, closeCores } from '../../integration/jobs/kit';

describe('plainColumns', () => {
  it('aliases every column to its TypeScript name', () => {
    expect(plainColumns(jobs)).toContain('"run_at" AS "runAt"');
    expect(plainColumns(jobs).split(', ')).toHaveLength(Object.keys(jobs).filter((k) => !k.startsWith('_') && k !== 'getSQL' && k !== 'enableRLS').length);
  });

  it('refuses a table whose columns need drizzle to map them', () => {
    const withDate = sqliteTable('t', { id: text('id'), at: integer('at', { mode: 'timestamp' }) });
    const withFlag = sqliteTable('u', { id: text('id'), on: integer('on', { mode: 'boolean' }) });
    const withJson = sqliteTable('v', { id: text('id'), data: text('data', { mode: 'json' }) });
    for (const t of [withDate, withFlag, withJson]) expect(() => plainColumns(t)).toThrow(/needs drizzle's mapping/);
  });

  it("reads the jobs, targets and accounts rows exactly as drizzle does", async () => {
    const { core, workspaceId, db } = await workspaceSetup();
    try {
      const account = await core.accounts.saveConnected(workspaceId, 'mastodon', {
        tokens: { accessToken: 'token' },
        identity: { platformUserId: '1', handle: '@ada' },
        apiBase: 'http://127.0.0.1:9',
        extras: { instanceUrl: 'http://127.0.0.1:9' },
      });
      await core.call('post.create', { workspaceId, accountIds: [account.id], text: 'Hello', when: { kind: 'at', at: '2030-01-01T09:00:00Z', timeZone: 'UTC' } });
      expect(db.sqlite.prepare('SELECT count(*) AS n FROM post_targets').get()).toEqual({ n: 1 });
      for (const table of [jobs, postTargets, accounts]) {
        const name = (table as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')];
        const viaDrizzle = db.orm.select().from(table).all();
        const plain = db.sqlite.prepare(`SELECT ${plainColumns(table)} FROM "${name}"`).all();
        expect(plain).toEqual(viaDrizzle);
      }
    } finally {
      closeCores();
    }
  });
});
