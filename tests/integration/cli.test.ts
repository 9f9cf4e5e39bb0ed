import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { tempDir } from '../helpers/core';
import { assertBuilt, promogpt, promogptLongRunning } from '../helpers/cli';
import { rawRequest } from '../helpers/http';

beforeAll(assertBuilt);
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGTERM')));

const json = (s: string) => JSON.parse(s) as unknown;

describe('promogpt workspace', () => {
  it('creates, lists, renames and deletes workspaces with --json', () => {
    const dir = tempDir();
    const created = promogpt(['--data-dir', dir, '--json', 'workspace', 'create', 'Acme Coffee']);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    const ws = json(created.stdout) as { id: string; name: string };
    expect(ws.name).toBe('Acme Coffee');
    expect(fs.existsSync(path.join(dir, 'workspaces', ws.id, 'workspace.db'))).toBe(true);

    const renamed = promogpt(['--json', '--data-dir', dir, 'workspace', 'rename', ws.id, 'Acme Roasters']);
    expect(json(renamed.stdout)).toMatchObject({ id: ws.id, name: 'Acme Roasters' });

    const listed = promogpt(['--data-dir', dir, 'workspace', 'list', '--json']);
    expect(json(listed.stdout)).toEqual([expect.objectContaining({ id: ws.id, name: 'Acme Roasters' })]);

    const deleted = promogpt(['--data-dir', dir, '--json', 'workspace', 'delete', ws.id, '--confirm', 'Acme Roasters']);
    expect(deleted.code).toBe(0);
    expect(json(deleted.stdout)).toMatchObject({ id: ws.id, check: { clean: true, leftoverFiles: [] } });
    expect(fs.readdirSync(path.join(dir, 'workspaces'))).toEqual([]);
  });

  it('reads PROMOGPT_DATA_DIR when --data-dir is absent', () => {
    const dir = tempDir();
    expect(promogpt(['workspace', 'create', 'Globex'], { env: { PROMOGPT_DATA_DIR: dir } }).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'app.db'))).toBe(true);
  });

  it('prints a person-readable list without --json', () => {
    const dir = tempDir();
    expect(promogpt(['--data-dir', dir, 'workspace', 'list']).stdout).toContain('No workspaces yet');
  });

  it('fails with a JSON error on stderr and a non-zero exit', () => {
    const dir = tempDir();
    promogpt(['--data-dir', dir, 'workspace', 'create', 'Acme']);
    const dup = promogpt(['--data-dir', dir, '--json', 'workspace', 'create', 'acme']);
    expect(dup.code).toBe(1);
    expect(dup.stdout).toBe('');
    expect(json(dup.stderr)).toEqual({ error: { name: 'Conflict', message: 'A workspace named "Acme" already exists. Choose another name.' } });

    const missing = promogpt(['--data-dir', dir, '--json', 'workspace', 'rename', 'ws_nope', 'X']);
    expect(json(missing.stderr)).toMatchObject({ error: { name: 'NotFound' } });

    const hostile = promogpt(['--data-dir', dir, '--json', 'workspace', 'delete', '../../etc', '--confirm', 'x']);
    expect(hostile.code).toBe(1);
    expect(json(hostile.stderr)).toMatchObject({ error: { name: 'ValidationError' } });
  });

  it('refuses to delete without --confirm when it cannot ask', () => {
    const dir = tempDir();
    const ws = json(promogpt(['--data-dir', dir, '--json', 'workspace', 'create', 'Acme']).stdout) as { id: string };
    const r = promogpt(['--data-dir', dir, '--json', 'workspace', 'delete', ws.id]);
    expect(r.code).toBe(1);
    expect(json(r.stderr)).toEqual({ error: { name: 'ValidationError', message: 'Deleting "Acme" removes all of its data. Add --confirm "Acme" to confirm.' } });
    expect(fs.existsSync(path.join(dir, 'workspaces', ws.id))).toBe(true);
  });

  it('reports usage errors as JSON with exit code 2', () => {
    const r = promogpt(['--json', '--data-dir', tempDir(), 'workspace', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(json(r.stderr)).toMatchObject({ error: { name: 'ValidationError' } });
  });

  it('refuses a corrupted app database with a clear message and leaves it as it was', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'app.db'), 'not a database');
    const r = promogpt(['--data-dir', dir, '--json', 'workspace', 'list']);
    expect(r.code).toBe(1);
    expect(json(r.stderr)).toMatchObject({ error: { name: 'DatabaseRefused', message: expect.stringContaining('left untouched') } });
    expect(fs.readFileSync(path.join(dir, 'app.db'), 'utf8')).toBe('not a database');
  });
});

describe('promogpt doctor', () => {
  it('reports every dependency with a status, and a fix for what is missing', () => {
    const r = promogpt(['--data-dir', tempDir(), '--json', 'doctor'], { env: { FFMPEG_BIN: '/nonexistent/ffmpeg' } });
    const report = json(r.stdout) as { ok: boolean; checks: { id: string; status: string; detail: string; fix?: string }[] };
    expect(report.checks.map((c) => c.id)).toEqual(['node', 'sqlite', 'data-dir', 'integrity', 'keychain', 'ffmpeg', 'ffprobe', 'electron']);
    for (const c of report.checks) {
      expect(['ok', 'warn', 'fail']).toContain(c.status);
      if (c.status !== 'ok') expect(c.fix).toMatch(/\w/);
    }
    expect(report.checks.find((c) => c.id === 'node')).toMatchObject({ status: 'ok', detail: process.version });
    expect(report.checks.find((c) => c.id === 'ffmpeg')).toMatchObject({
      status: 'warn',
      detail: 'FFMPEG_BIN: /nonexistent/ffmpeg does not run',
      fix: 'Point FFMPEG_BIN at a working ffmpeg, or unset it to use the one PromoGPT finds.',
    });
    expect(r.code).toBe(report.ok ? 0 : 1);
  });

  it('says the data folder is not writable, with a fix', () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    const r = promogpt(['--data-dir', path.join(file, 'sub'), '--json', 'doctor']);
    const report = json(r.stdout) as { ok: boolean; checks: { id: string; status: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.id === 'data-dir')).toMatchObject({ status: 'fail', fix: expect.stringContaining('--data-dir') });
    expect(r.code).toBe(1);
  });
});

describe('promogpt serve', () => {
  it('prints {url, port, token} once listening, and the URL opens the app', async () => {
    const dir = tempDir();
    const run = promogptLongRunning(['--data-dir', dir, 'serve', '--json', '--port', '0']);
    children.push(run.child);
    const printed = json(await run.firstLine) as { url: string; port: number; token: string };
    expect(printed.url).toBe(`http://127.0.0.1:${printed.port}/?token=${printed.token}`);
    const first = await rawRequest(printed.port, { path: `/?token=${printed.token}` });
    expect(first.status).toBe(303);
    const page = await rawRequest(printed.port, { headers: { Cookie: (first.headers['set-cookie']?.[0] ?? '').split(';')[0] as string } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect((await rawRequest(printed.port)).status).toBe(401);
    expect((await rawRequest(printed.port, { headers: { Cookie: 'x', Origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('refuses a non-loopback --host without --allow-remote', () => {
    const r = promogpt(['--data-dir', tempDir(), '--json', 'serve', '--host', '0.0.0.0']);
    expect(r.code).toBe(1);
    expect(json(r.stderr)).toMatchObject({ error: { name: 'ValidationError', message: expect.stringContaining('--allow-remote') } });
  });
});
