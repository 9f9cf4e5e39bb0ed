import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { AiSettings, BrandVoice } from '../../../src-shared/ai';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';

type TextKey = 'description' | 'audience' | 'tone' | 'avoid';
type ListKey = 'doList' | 'dontList' | 'examplePosts' | 'bannedWords' | 'defaultHashtags';

const FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'description', label: 'What the brand is', placeholder: 'A family plant nursery in Leeds' },
  { key: 'audience', label: 'Who it talks to', placeholder: 'Home gardeners, beginners welcome' },
  { key: 'tone', label: 'How it sounds', placeholder: 'Warm, plain words, one emoji at most' },
  { key: 'avoid', label: 'What to avoid', placeholder: 'Discount codes, jargon' },
];

/** How each list is typed: one a line, posts apart by a blank line, words and hashtags by commas or spaces. */
const LISTS: { key: ListKey; label: string; hint: string; placeholder: string; split: (s: string) => string[]; join: (l: string[]) => string }[] = [
  { key: 'doList', label: 'Do', hint: 'One a line.', placeholder: 'Name the plant\nSay when it flowers', split: lines, join: (l) => l.join('\n') },
  { key: 'dontList', label: "Don't", hint: 'One a line.', placeholder: 'Promise results\nUse all caps', split: lines, join: (l) => l.join('\n') },
  { key: 'examplePosts', label: 'Example posts', hint: 'Posts that sound right; leave a blank line between two.', placeholder: 'Our hellebores are out…', split: (s) => s.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean), join: (l) => l.join('\n\n') },
  { key: 'bannedWords', label: 'Banned words', hint: 'Separated by commas. A text that uses one is flagged, not changed.', placeholder: 'cheap, guaranteed', split: (s) => s.split(',').map((w) => w.trim()).filter(Boolean), join: (l) => l.join(', ') },
  { key: 'defaultHashtags', label: 'Default hashtags', hint: 'The model is asked to end each post with them, only as many as fit the platform’s limit.', placeholder: '#gardening #leeds', split: (s) => s.split(/[\s,]+/).filter(Boolean), join: (l) => l.join(' ') },
];

function lines(s: string): string[] {
  return s.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The brand voice sent with every text generation; each generation keeps a copy of the one it used. */
export function BrandVoiceForm({ workspaceId, initial, onSaved }: { workspaceId: string; initial: BrandVoice; onSaved: (s: AiSettings) => void }) {
  const { api } = useSession();
  const baseId = useId();
  const [voice, setVoice] = useState<Record<TextKey, string>>({ description: initial.description, audience: initial.audience, tone: initial.tone, avoid: initial.avoid });
  // Lists are edited as typed text and split only on save, so a half-typed line is not lost.
  const [lists, setLists] = useState<Record<ListKey, string>>(() => Object.fromEntries(LISTS.map((l) => [l.key, l.join(initial[l.key])])) as Record<ListKey, string>);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const brandVoice = { ...voice, ...Object.fromEntries(LISTS.map((l) => [l.key, l.split(lists[l.key])])) };
      const saved = await api.call('ai.updateSettings', { workspaceId, brandVoice });
      setLists(Object.fromEntries(LISTS.map((l) => [l.key, l.join(saved.brandVoice[l.key])])) as Record<ListKey, string>);
      onSaved(saved);
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
      {LISTS.map((l) => (
        <div key={l.key} className="field">
          <label className="field__label" htmlFor={`${baseId}-${l.key}`}>
            {l.label}
          </label>
          <textarea
            id={`${baseId}-${l.key}`}
            className="field__input"
            rows={l.key === 'examplePosts' ? 4 : 2}
            value={lists[l.key]}
            placeholder={l.placeholder}
            aria-describedby={`${baseId}-${l.key}-hint`}
            onChange={(e) => setLists((v) => ({ ...v, [l.key]: e.target.value }))}
          />
          <p id={`${baseId}-${l.key}-hint`} className="field__hint">
            {l.hint}
          </p>
        </div>
      ))}
      {message ? <InlineMessage tone={message.tone}>{message.text}</InlineMessage> : null}
      <Button type="submit">Save brand voice</Button>
    </form>
  );
}
