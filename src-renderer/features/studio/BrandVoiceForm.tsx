import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { AiSettings, BrandVoice } from '../../../src-shared/ai';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';

const FIELDS: { key: keyof BrandVoice; label: string; placeholder: string }[] = [
  { key: 'description', label: 'What the brand is', placeholder: 'A family plant nursery in Leeds' },
  { key: 'audience', label: 'Who it talks to', placeholder: 'Home gardeners, beginners welcome' },
  { key: 'tone', label: 'How it sounds', placeholder: 'Warm, plain words, one emoji at most' },
  { key: 'avoid', label: 'What to avoid', placeholder: 'Discount codes, jargon' },
];

/** The brand voice sent with every text generation; each generation keeps a copy of the one it used. */
export function BrandVoiceForm({ workspaceId, initial, onSaved }: { workspaceId: string; initial: BrandVoice; onSaved: (s: AiSettings) => void }) {
  const { api } = useSession();
  const baseId = useId();
  const [voice, setVoice] = useState<BrandVoice>(initial);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onSaved(await api.call('ai.updateSettings', { workspaceId, brandVoice: voice }));
      setMessage({ tone: 'success', text: 'Saved. The next texts use this voice.' });
    } catch (failure) {
      setMessage({ tone: 'error', text: errorMessage(failure) });
    }
  };
  return (
    <form className="ai-voice-form" onSubmit={(e) => void submit(e)} aria-label="Brand voice">
      <h3>Brand voice</h3>
      {FIELDS.map((f) => (
        <div key={f.key} className="field">
          <label className="field__label" htmlFor={`${baseId}-${f.key}`}>
            {f.label}
          </label>
          <textarea id={`${baseId}-${f.key}`} className="field__input" rows={2} value={voice[f.key]} placeholder={f.placeholder} onChange={(e) => setVoice((v) => ({ ...v, [f.key]: e.target.value }))} />
        </div>
      ))}
      {message ? <InlineMessage tone={message.tone}>{message.text}</InlineMessage> : null}
      <Button type="submit">Save brand voice</Button>
    </form>
  );
}
