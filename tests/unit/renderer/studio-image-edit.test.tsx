// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AiProvider, Generation } from '../../../src-shared/ai';
import type { MediaItem } from '../../../src-shared/domain';
import type { Api } from '../../../src-renderer/api/client';
import { ApiError } from '../../../src-renderer/api/client';
import { createStudioStore } from '../../../src-renderer/store/studio';
import { ImagePanel } from '../../../src-renderer/features/studio/ImagePanel';
import { Lineage } from '../../../src-renderer/features/media/Lineage';

// The Studio's Pictures panel in edit mode: choose a library picture (and a mask of its size),
// say what to change, and the core's studio.editImage is asked exactly that.

afterEach(() => cleanup());

const picture = (id: string, fileName: string, width: number, height: number, mimeType = 'image/png'): MediaItem => ({
  id,
  kind: 'image',
  sha256: id.padEnd(64, '0'),
  fileName,
  storedPath: `media/${id}.png`,
  mimeType,
  bytes: 100,
  width,
  height,
  durationSeconds: null,
  videoCodec: null,
  audioCodec: null,
  frameRate: null,
  loudnessLufs: null,
  altText: null,
  tags: [],
  hasThumbnail: true,
  lineage: null,
  captions: [],
  createdAt: '2026-03-01T09:00:00.000Z',
});

const PROVIDER = { id: 'prov_1', name: 'local', imageModel: 'fake-image-1' } as AiProvider;
const LIBRARY = [picture('media_pot', 'pot.png', 64, 64), picture('media_mask', 'pot-mask.png', 64, 64), picture('media_wide', 'wide.png', 128, 64), picture('media_jpg', 'pot.jpg', 64, 64, 'image/jpeg')];

const generation = (patch: Partial<Generation>): Generation => ({
  id: 'gen_1',
  kind: 'image',
  state: 'succeeded',
  providerId: 'prov_1',
  providerName: 'local',
  baseUrl: 'http://127.0.0.1:1/v1',
  model: 'fake-image-1',
  params: { kind: 'image', prompt: 'p', size: 'auto', count: 1, edit: { mediaId: 'media_pot' } },
  brandVoice: null,
  variants: [],
  mediaIds: [],
  usage: null,
  estimatedCostUsd: 0,
  error: null,
  rerunOf: null,
  progress: null,
  jobId: null,
  startedAt: '2026-03-01T09:00:00.000Z',
  finishedAt: null,
  ...patch,
});

type Emit = (event: string, payload: unknown) => void;

function setup(answer: (input: Record<string, unknown>, emit: Emit) => Promise<Generation>) {
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const emit: Emit = (event, payload) => listeners.get(event)?.forEach((l) => l(payload));
  const api = {
    async call(method: string, input: Record<string, unknown>) {
      calls.push({ method, input });
      if (method === 'ai.listProviders') return [PROVIDER];
      if (method === 'studio.history') return [];
      if (method === 'ai.getSettings') return { localOnly: false, monthlyCapUsd: null, brandVoice: {} };
      if (method === 'media.list') return LIBRARY;
      if (method === 'studio.editImage') return answer(input, emit);
      throw new Error(`unexpected ${method}`);
    },
    on(event: string, listener: (p: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as Api;
  const store = createStudioStore(api, 'ws_1');
  store.getState().start();
  render(<ImagePanel store={store} workspaceId="ws_1" />);
  return { store, calls };
}

describe('editing a picture in the Studio', () => {
  it('offers the library’s pictures, masks of the same size only, and sends the choice with the prompt', async () => {
    const { store, calls } = setup(async (input) => generation({ params: { kind: 'image', prompt: String(input.prompt), size: 'auto', count: 1, edit: { mediaId: 'media_pot', maskMediaId: 'media_mask' } }, mediaIds: ['media_new'] }));
    await act(() => store.getState().reload());
    expect(screen.getByRole('button', { name: 'Make pictures' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'An edit of a library picture' }));
    const source = (await screen.findByLabelText('Picture to edit')) as HTMLSelectElement;
    expect(calls.find((c) => c.method === 'media.list')?.input).toEqual({ workspaceId: 'ws_1', kind: 'image' });
    expect([...source.options].map((o) => o.text)).toEqual(['Choose a picture…', 'pot.png (64 × 64)', 'pot-mask.png (64 × 64)', 'wide.png (128 × 64)', 'pot.jpg (64 × 64)']);
    // Nothing chosen yet: said, and nothing sent.
    fireEvent.change(screen.getByLabelText('What to change'), { target: { value: 'Add a watering can' } });
    fireEvent.click(screen.getByRole('button', { name: 'Edit picture' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose the picture to edit.');

    fireEvent.change(source, { target: { value: 'media_pot' } });
    const mask = screen.getByLabelText('Mask (optional)') as HTMLSelectElement;
    // Only another PNG of 64 × 64 can be its mask.
    expect([...mask.options].map((o) => o.text)).toEqual(['No mask: the prompt decides', 'pot-mask.png']);
    expect((screen.getByTestId('studio-edit-source') as HTMLImageElement).getAttribute('alt')).toBe('To edit: pot.png');
    fireEvent.change(mask, { target: { value: 'media_mask' } });
    expect((screen.getByLabelText('Size') as HTMLSelectElement).value).toBe('auto');
    fireEvent.click(screen.getByRole('button', { name: 'Edit picture' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'studio.editImage').map((c) => c.input)).toEqual([{ workspaceId: 'ws_1', prompt: 'Add a watering can', mediaId: 'media_pot', maskMediaId: 'media_mask', size: 'auto', count: 1 }]));
    // The result shows like generated pictures.
    await waitFor(() => expect(screen.getByTestId('studio-picture').getAttribute('alt')).toBe('Made from: Add a watering can'));
  });

  it('says when the library has no pictures, and keeps the prompt when the core refuses', async () => {
    // As the core does: the history row first (studio.changed), then the failure.
    const { store } = setup((_input, emit) => {
      emit('studio.changed', { workspaceId: 'ws_1', generation: generation({ state: 'failed' }) });
      return Promise.reject(new ApiError({ name: 'PlatformRejected', message: 'Provider "local" refused the request: safety system.' }));
    });
    await act(() => store.getState().reload());
    fireEvent.click(screen.getByRole('radio', { name: 'An edit of a library picture' }));
    fireEvent.change(await screen.findByLabelText('Picture to edit'), { target: { value: 'media_pot' } });
    fireEvent.change(screen.getByLabelText('What to change'), { target: { value: 'Snow' } });
    fireEvent.click(screen.getByRole('button', { name: 'Edit picture' }));
    expect((await screen.findByRole('alert')).textContent).toContain('refused the request: safety system. Your prompt is still here.');
    expect((screen.getByLabelText('What to change') as HTMLTextAreaElement).value).toBe('Snow');
    act(() => store.setState({ pictures: [] }));
    expect(screen.getByText(/The media library has no pictures yet/)).toBeTruthy();
  });

  it('opens an edit from the history prefilled (Change and run…)', async () => {
    const { store } = setup(async () => generation({}));
    await act(() => store.getState().reload());
    act(() => store.getState().startTweak(generation({ params: { kind: 'image', prompt: 'Autumn leaves', size: '512x512', count: 2, edit: { mediaId: 'media_pot', maskMediaId: 'media_mask' } } })));
    expect((screen.getByRole('radio', { name: 'An edit of a library picture' }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect((screen.getByLabelText('Picture to edit') as HTMLSelectElement).value).toBe('media_pot'));
    expect((screen.getByLabelText('Mask (optional)') as HTMLSelectElement).value).toBe('media_mask');
    expect((screen.getByLabelText('What to change') as HTMLTextAreaElement).value).toBe('Autumn leaves');
    expect((screen.getByLabelText('Size') as HTMLSelectElement).value).toBe('512x512');
  });
});

describe('an edited picture’s lineage', () => {
  it('says it was made by an AI edit from the source and mask, with the prompt', async () => {
    const known = new Map(LIBRARY.map((p) => [p.id, p]));
    render(
      <Lineage
        lineage={{ renderId: 'gen_1', sourceIds: ['media_pot', 'media_mask'], request: { kind: 'ai-edit', generationId: 'gen_1', prompt: 'Add a watering can', providerName: 'local', model: 'fake-image-1', size: 'auto', masked: true } }}
        known={known}
        fetch={(id) => Promise.resolve(known.get(id)!)}
        onSelect={() => undefined}
      />,
    );
    await waitFor(() => expect(document.querySelector('.media-lineage')?.textContent).toBe('Made from: pot.png, pot-mask.png by an AI edit (local, fake-image-1, where the mask is transparent) with the prompt “Add a watering can”.'));
  });
});
