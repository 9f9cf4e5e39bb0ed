import { useId, useState } from 'react';
import { useStore } from 'zustand';
import type { EnhanceRequest, MediaCapabilities, MediaItem, RenderStatus } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';
import { isRenderActive, type MediaStore } from '../../store/media';
import { RenderProgress } from './RenderProgress';
import { mediaUrl } from './media-url';
import { parseNumber } from './number-input';
import { RenderDialog } from './RenderDialog';

export interface EnhanceFormProps {
  workspaceId: string;
  item: MediaItem;
  store: MediaStore;
  onQueued: (render: RenderStatus) => void;
  onClose: () => void;
}

export const PREVIEW_SECONDS = 5;

interface EnhanceChoices {
  denoise: boolean;
  sharpen: boolean;
  brightness: number;
  contrast: number;
  saturation: number;
  deflicker: boolean;
  stabilise: boolean;
  loudness: boolean;
  lufs: string;
  upscale: boolean;
}

const START: EnhanceChoices = {
  denoise: false,
  sharpen: false,
  brightness: 0,
  contrast: 1,
  saturation: 1,
  deflicker: false,
  stabilise: false,
  loudness: false,
  lufs: '-14',
  upscale: false,
};

/** The choices as a request (only what changes the video), or why they are not one yet. */
export function enhanceRequest(videoId: string, c: EnhanceChoices, canStabilise: boolean): { request: EnhanceRequest | null; blocker: string | null } {
  const lufs = parseNumber(c.lufs);
  if (c.loudness && (lufs === null || lufs < -40 || lufs > -5)) return { request: null, blocker: 'A loudness target is between -40 and -5 LUFS.' };
  const request: EnhanceRequest = {
    kind: 'enhance',
    videoId,
    ...(c.denoise ? { denoise: true } : {}),
    ...(c.sharpen ? { sharpen: true } : {}),
    ...(c.brightness !== 0 ? { brightness: c.brightness } : {}),
    ...(c.contrast !== 1 ? { contrast: c.contrast } : {}),
    ...(c.saturation !== 1 ? { saturation: c.saturation } : {}),
    ...(c.deflicker ? { deflicker: true } : {}),
    ...(c.stabilise && canStabilise ? { stabilise: true } : {}),
    ...(c.loudness && lufs !== null ? { loudnorm: lufs } : {}),
    ...(c.upscale ? { upscale: 1080 as const } : {}),
  };
  if (Object.keys(request).length === 2) return { request: null, blocker: 'Choose at least one change.' };
  return { request, blocker: null };
}

/** Why the stabiliser is off, or null when it can be used. */
export function stabiliseBlocker(capabilities: MediaCapabilities | null, capabilitiesError: string | null): string | null {
  if (capabilitiesError) return `PromoGPT could not ask ffmpeg what it can do: ${capabilitiesError}`;
  if (!capabilities) return 'Checking what this ffmpeg can do…';
  if (capabilities.stabilise === null) {
    const note = capabilities.notes.find((n) => /stabili[sz]|stab\b|deshake/i.test(n));
    return `This ffmpeg has no stabiliser.${note ? ` ${note}` : ''}`;
  }
  return null;
}

/** Cleaner picture and sound: pick changes, preview 5 seconds, then render the whole file. */
export function EnhanceForm({ workspaceId, item, store, onQueued, onClose }: EnhanceFormProps) {
  const capabilities = useStore(store, (s) => s.capabilities);
  const capabilitiesError = useStore(store, (s) => s.capabilitiesError);
  const [c, setC] = useState<EnhanceChoices>(START);
  const [previewFrom, setPreviewFrom] = useState('0');
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const preview = useStore(store, (s) => (previewId ? (s.renders.find((r) => r.id === previewId) ?? null) : null));

  const noStabiliser = stabiliseBlocker(capabilities, capabilitiesError);
  const { request, blocker } = enhanceRequest(item.id, c, noStabiliser === null);
  const from = parseNumber(previewFrom);
  const duration = item.durationSeconds;
  const fromBlocker =
    from === null || from < 0 ? 'Enter where the preview starts, in seconds.' : duration !== null && from >= duration ? `The video is ${duration} s long: start the preview earlier.` : null;
  const previewSeconds = duration !== null && from !== null ? Math.max(1, Math.min(PREVIEW_SECONDS, Math.floor((duration - from) * 10) / 10)) : PREVIEW_SECONDS;
  const set = <K extends keyof EnhanceChoices>(key: K, value: EnhanceChoices[K]) => setC((prev) => ({ ...prev, [key]: value }));

  const runPreview = async () => {
    if (!request || fromBlocker || from === null || previewBusy || (preview && isRenderActive(preview))) return;
    setPreviewBusy(true);
    setPreviewError(null);
    try {
      const render = await store.getState().render({ ...request, preview: { fromSeconds: from, seconds: previewSeconds } });
      setPreviewId(render.id);
    } catch (failure) {
      setPreviewError(errorMessage(failure));
    } finally {
      setPreviewBusy(false);
    }
  };

  return (
    <RenderDialog
      title={`Enhance ${item.fileName}`}
      intro="The original stays as it is; the enhanced video is added to the library as a new item."
      request={request}
      blocker={blocker}
      submitLabel="Enhance the whole video"
      submit={(r) => store.getState().render(r)}
      onQueued={onQueued}
      onClose={onClose}
    >
      <fieldset className="media-form__group">
        <legend className="media-form__legend">Picture</legend>
        <Checkbox label="Reduce noise" hint="Smooths grain from low light." checked={c.denoise} onChange={(e) => set('denoise', e.target.checked)} />
        <Checkbox label="Sharpen" checked={c.sharpen} onChange={(e) => set('sharpen', e.target.checked)} />
        <Slider label="Brightness" min={-1} max={1} step={0.05} value={c.brightness} neutral={0} onChange={(v) => set('brightness', v)} />
        <Slider label="Contrast" min={0} max={3} step={0.05} value={c.contrast} neutral={1} onChange={(v) => set('contrast', v)} />
        <Slider label="Saturation" min={0} max={3} step={0.05} value={c.saturation} neutral={1} onChange={(v) => set('saturation', v)} />
        <Checkbox label="Remove flicker" hint="For footage under artificial light." checked={c.deflicker} onChange={(e) => set('deflicker', e.target.checked)} />
        <Checkbox
          label="Stabilise"
          hint={noStabiliser ?? `Steadies a shaky camera (with ${capabilities?.stabilise === 'vidstab' ? 'vid.stab' : 'deshake'}).`}
          checked={c.stabilise && noStabiliser === null}
          disabled={noStabiliser !== null}
          onChange={(e) => set('stabilise', e.target.checked)}
        />
        <Checkbox label="Upscale to 1080p" hint="Only makes a small video bigger; it does not add detail." checked={c.upscale} onChange={(e) => set('upscale', e.target.checked)} />
      </fieldset>
      <fieldset className="media-form__group">
        <legend className="media-form__legend">Sound</legend>
        <Checkbox label="Even out loudness" hint="-14 LUFS suits most social networks." checked={c.loudness} onChange={(e) => set('loudness', e.target.checked)} />
        {c.loudness ? (
          <TextField className="field--short" label="Loudness target (LUFS)" type="number" min={-40} max={-5} step={1} value={c.lufs} onChange={(e) => set('lufs', e.target.value)} />
        ) : null}
      </fieldset>
      <fieldset className="media-form__group media-preview">
        <legend className="media-form__legend">Preview</legend>
        <p className="field__hint">Renders {PREVIEW_SECONDS} seconds, original and enhanced side by side, to judge the changes before rendering the whole video.</p>
        <div className="media-inline">
          <TextField
            className="field--short"
            label="Preview from (seconds)"
            type="number"
            min={0}
            step={1}
            value={previewFrom}
            error={fromBlocker && previewFrom !== '' ? fromBlocker : null}
            onChange={(e) => setPreviewFrom(e.target.value)}
          />
          <Button onClick={() => void runPreview()} disabled={!request || fromBlocker !== null} inactive={previewBusy || (preview !== null && isRenderActive(preview))}>
            Preview {PREVIEW_SECONDS} s
          </Button>
        </div>
        {previewError ? <InlineMessage tone="error">{previewError}</InlineMessage> : null}
        {preview ? <RenderProgress render={preview} /> : null}
        {preview?.state === 'succeeded' && preview.outputMediaId ? (
          <video className="media-preview__video" controls src={mediaUrl(workspaceId, preview.outputMediaId)} aria-label="Preview: original and enhanced side by side" />
        ) : null}
      </fieldset>
    </RenderDialog>
  );
}

function Slider({ label, min, max, step, value, neutral, onChange }: { label: string; min: number; max: number; step: number; value: number; neutral: number; onChange: (v: number) => void }) {
  const id = useId();
  return (
    <div className="media-slider">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} type="range" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Math.round(Number(e.target.value) * 100) / 100)} />
      <output className="media-slider__value" htmlFor={id}>
        {value === neutral ? 'unchanged' : value.toFixed(2)}
      </output>
      {value !== neutral ? (
        <button type="button" className="link-button" onClick={() => onChange(neutral)} aria-label={`Reset ${label.toLowerCase()}`}>
          Reset
        </button>
      ) : null}
    </div>
  );
}
