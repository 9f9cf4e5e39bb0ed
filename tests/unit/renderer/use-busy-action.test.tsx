// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useBusyAction } from '../../../src-renderer/app/useBusyAction';
import { ApiError } from '../../../src-renderer/api/client';

describe('useBusyAction', () => {
  it('runs one action at a time, names the busy one, and refuses a second click in the same tick', async () => {
    const { result } = renderHook(() => useBusyAction<'save' | 'remove'>());
    let release!: () => void;
    const calls: string[] = [];
    let first!: Promise<boolean>;
    let second!: Promise<boolean>;
    act(() => {
      first = result.current.run('save', () => new Promise<void>((resolve) => ((release = resolve), calls.push('save'))));
      second = result.current.run('remove', async () => void calls.push('remove'));
    });
    expect(result.current.busy).toBe('save');
    await act(async () => {
      release();
      expect(await first).toBe(true);
    });
    expect(await second).toBe(false);
    expect(calls).toEqual(['save']);
    expect(result.current.busy).toBeNull();
  });

  it('keeps the failure as a message for the form and clears it on the next run', async () => {
    const { result } = renderHook(() => useBusyAction<'save'>());
    await act(async () => {
      expect(await result.current.run('save', () => Promise.reject(new ApiError({ name: 'Conflict', message: 'Someone else changed it. Reload and try again.' })))).toBe(false);
    });
    expect(result.current.error).toContain('Reload and try again');
    await act(async () => {
      expect(await result.current.run('save', async () => undefined)).toBe(true);
    });
    expect(result.current.error).toBeNull();
  });
});
