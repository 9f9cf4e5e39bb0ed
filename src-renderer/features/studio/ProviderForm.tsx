import { useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../api/error-message';
import { fieldErrors } from '../../api/field-errors';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { TextField } from '../../components/TextField';

const EMPTY = { name: '', baseUrl: '', textModel: '', imageModel: '', speechModel: '', videoModel: '', apiKey: '' };

/** Adds a provider, or changes the one with the same name. The key goes to the OS keychain and is never shown again. */
export function ProviderForm({ workspaceId, localOnly, onSaved }: { workspaceId: string; localOnly: boolean; onSaved: () => void }) {
  const { api } = useSession();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof typeof EMPTY) => ({
    value: form[key],
    error: errors[key] ?? null,
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const r = await api.call('ai.saveProvider', {
        workspaceId,
        name: form.name,
        baseUrl: form.baseUrl,
        textModel: form.textModel,
        ...(form.imageModel.trim() ? { imageModel: form.imageModel } : {}),
        ...(form.speechModel.trim() ? { speechModel: form.speechModel } : {}),
        ...(form.videoModel.trim() ? { videoModel: form.videoModel } : {}),
        ...(form.apiKey.trim() ? { apiKey: form.apiKey } : {}),
      });
      setForm(EMPTY);
      setMessage({ tone: 'success', text: `${r.created ? 'Added' : 'Changed'} ${r.provider.name}. Use “Test connection” to check it.` });
      onSaved();
    } catch (failure) {
      const byField = fieldErrors(failure);
      if (Object.keys(byField).length) setErrors(byField);
      else setMessage({ tone: 'error', text: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="ai-provider-form" onSubmit={(e) => void submit(e)} aria-label="Add an AI provider">
      <h3>Add a provider</h3>
      <div className="studio-row">
        <TextField label="Name" placeholder="openai or local" {...field('name')} />
        <TextField
          label="Base URL"
          placeholder="https://api.openai.com/v1"
          hint={localOnly ? 'Local only is on: use an address on this computer, e.g. http://127.0.0.1:11434/v1.' : 'OpenAI, or any OpenAI-compatible server.'}
          {...field('baseUrl')}
        />
      </div>
      <div className="studio-row">
        <TextField label="Text model" placeholder="gpt-4o-mini" {...field('textModel')} />
        <TextField label="Picture model (optional)" placeholder="gpt-image-1" {...field('imageModel')} />
        <TextField label="Speech model (optional)" placeholder="gpt-4o-mini-tts" {...field('speechModel')} />
        <TextField label="Video model (optional)" placeholder="sora-2" {...field('videoModel')} />
      </div>
      <TextField label="API key (optional)" type="password" autoComplete="off" hint="Stored in the OS keychain, never in PromoGPT's files; leave empty for a local server or to keep the stored key." {...field('apiKey')} />
      {message ? <InlineMessage tone={message.tone}>{message.text}</InlineMessage> : null}
      <Button type="submit" variant="primary" inactive={busy}>
        Save provider
      </Button>
    </form>
  );
}
