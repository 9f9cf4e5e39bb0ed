import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type HandlerImpls } from '../../../src-main/core/dispatch';
import { METHOD_NAMES } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';

function spyHandlers() {
  const impls = Object.fromEntries(METHOD_NAMES.map((m) => [m, vi.fn(async () => ({ called: m }))])) as unknown as HandlerImpls;
  return { impls, invoke: createDispatcher(impls) };
}

const calls = (impls: HandlerImpls) => Object.values(impls).reduce((n, fn) => n + (fn as ReturnType<typeof vi.fn>).mock.calls.length, 0);

describe('the contract dispatcher', () => {
  it('passes a valid call to its handler with the parsed input', async () => {
    const { impls, invoke } = spyHandlers();
    const result = await invoke('workspace.create', { name: '  Acme  ' });
    expect(result).toEqual({ ok: true, value: { called: 'workspace.create' } });
    expect(impls['workspace.create']).toHaveBeenCalledWith({ name: 'Acme' });
  });

  const hostile: [string, unknown, unknown, string][] = [
    ['an unknown method', 'workspace.drop', {}, "Unknown method 'workspace.drop'"],
    ['a method that is not a string', 42, {}, 'Unknown method of type number'],
    ['an inherited property name', 'constructor', {}, "Unknown method 'constructor'"],
    ['a prototype key as method', '__proto__', {}, "Unknown method '__proto__'"],
    ['a wrong type', 'workspace.create', { name: 7 }, 'workspace.create: name:'],
    ['a missing field', 'workspace.rename', { id: 'ws_1' }, 'workspace.rename: name:'],
    ['an extra field', 'workspace.create', { name: 'A', admin: true }, 'admin'],
    ['a __proto__ key', 'workspace.create', JSON.parse('{"name":"A","__proto__":{"polluted":true}}'), '__proto__'],
    ['a constructor key', 'workspace.create', { name: 'A', constructor: { prototype: {} } }, 'constructor'],
    ['a huge string', 'workspace.create', { name: 'x'.repeat(1_000_000) }, 'at most 80 characters'],
    ['an empty name', 'workspace.create', { name: '   ' }, 'cannot be empty'],
    ['control characters', 'workspace.create', { name: 'a\u0000b' }, 'control characters'],
    ['a path-like id', 'workspace.delete', { id: '../../etc', confirmName: 'x' }, 'id: not a valid id'],
    ['an array instead of an object', 'workspace.list', [], 'workspace.list: input:'],
    ['null input', 'workspace.list', null, 'workspace.list: input:'],
    ['a bad enum', 'settings.update', { theme: 'neon' }, 'theme'],
  ];

  it.each(hostile)('refuses %s with a ValidationError and never reaches a handler', async (_what, method, input, expected) => {
    const { impls, invoke } = spyHandlers();
    const result = await invoke(method, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.name).toBe('ValidationError');
    expect(result.error.message).toContain(expected);
    expect(result.error.message.length).toBeLessThan(400);
    expect(calls(impls)).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns a named AppError as its error, and hides unexpected errors behind Internal', async () => {
    const { impls, invoke } = spyHandlers();
    (impls['workspace.list'] as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new AppError('NotFound', 'No such thing.'));
    expect(await invoke('workspace.list', {})).toEqual({ ok: false, error: { name: 'NotFound', message: 'No such thing.' } });
    (impls['workspace.list'] as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new Error('secret internals at /home/me'));
    const hidden = await invoke('workspace.list', {});
    expect(hidden.ok).toBe(false);
    if (!hidden.ok) {
      expect(hidden.error.name).toBe('Internal');
      expect(hidden.error.message).not.toContain('secret internals');
    }
  });
});
