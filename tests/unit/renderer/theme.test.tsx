// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyTheme } from '../../../src-renderer/app/theme';
import { createFakeCore } from './fake-core';
import { renderApp } from './render-app';

afterEach(cleanup);

const html = () => document.documentElement;

describe('theme', () => {
  it('applies the saved theme to <html data-theme> at start', async () => {
    renderApp(createFakeCore({ workspaces: ['Acme Coffee'], settings: { theme: 'dark' } }));
    await waitFor(() => expect(html().dataset.theme).toBe('dark'));
  });

  it('saves a choice through settings.update and applies it', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], settings: { theme: 'light' } });
    renderApp(core, { hash: '#/settings' });
    const group = await screen.findByRole('group', { name: 'Theme' });
    expect(group).toBeTruthy();
    await waitFor(() => expect(html().dataset.theme).toBe('light'));

    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(html().dataset.theme).toBe('dark'));
    expect(core.callsTo('settings.update')).toEqual([{ theme: 'dark' }]);
    expect(screen.getByRole('radio', { name: 'Dark' })).toHaveProperty('checked', true);
  });

  it('follows a theme changed in another window', async () => {
    const core = createFakeCore({ workspaces: ['Acme Coffee'], settings: { theme: 'light' } });
    renderApp(core);
    await waitFor(() => expect(html().dataset.theme).toBe('light'));
    act(() => core.emit('settings.changed', { theme: 'dark', lastWorkspaceId: null, oauthRelayUrl: null }));
    expect(html().dataset.theme).toBe('dark');
  });

  it('resolves System from prefers-color-scheme', () => {
    const root = document.createElement('html');
    const original = window.matchMedia;
    const fake = (matches: boolean) =>
      ((query: string) => ({ matches, media: query, addEventListener() {}, removeEventListener() {} })) as unknown as typeof window.matchMedia;
    try {
      window.matchMedia = fake(true);
      applyTheme('system', root);
      expect(root.dataset.theme).toBe('dark');
      window.matchMedia = fake(false);
      applyTheme('system', root);
      expect(root.dataset.theme).toBe('light');
      applyTheme('dark', root);
      expect(root.dataset.theme).toBe('dark');
    } finally {
      window.matchMedia = original;
    }
  });
});
