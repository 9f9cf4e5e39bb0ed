// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-renderer/api/client';
import { errorMessage } from '../../../src-renderer/api/error-message';
import { pickTransport } from '../../../src-renderer/api/pick-transport';
import { pickCurrent } from '../../../src-renderer/store/pick-current';

describe('pickTransport', () => {
  it('uses the Electron preload object when there is one', () => {
    const preload = { invoke: async () => ({ ok: true as const, value: null }), on: () => () => {} };
    const picked = pickTransport({ promogpt: preload });
    expect(picked.transport).toBe(preload);
    expect(picked.onStatus).toBeUndefined();
  });
});

describe('errorMessage', () => {
  it('uses the core’s message', () => {
    expect(errorMessage(new ApiError({ name: 'Conflict', message: 'A workspace named "A" already exists. Choose another name.' }))).toBe(
      'A workspace named "A" already exists. Choose another name.',
    );
  });

  it('drops the method prefix of a validation error', () => {
    const error = new ApiError({
      name: 'ValidationError',
      message: 'workspace.create: name: Workspace name can be at most 80 characters',
      details: { issues: [{ field: 'name', message: 'Workspace name can be at most 80 characters' }] },
    });
    expect(errorMessage(error)).toBe('Workspace name can be at most 80 characters');
  });

  it('never shows the text of an unexpected exception', () => {
    expect(errorMessage(new Error('SQLITE_CORRUPT at /home/ada/secret/path'))).not.toContain('/home/ada');
  });
});

describe('pickCurrent', () => {
  const ws = (id: string) => ({ id, name: id, createdAt: '', updatedAt: '' });
  it('prefers the first preferred id that still exists, else the first workspace, else none', () => {
    expect(pickCurrent([ws('a'), ws('b')], 'gone', 'b')).toBe('b');
    expect(pickCurrent([ws('a'), ws('b')], null, undefined)).toBe('a');
    expect(pickCurrent([], 'a')).toBeNull();
  });
});
