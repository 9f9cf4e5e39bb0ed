import { Button } from '../../components/Button';
import { TextArea } from './TextArea';

/** Replies that follow the post as a thread, in order. */
export function ThreadEditor({ replies, onChange, label }: { replies: readonly string[]; onChange: (replies: string[]) => void; label: string }) {
  return (
    <fieldset className="compose-thread">
      <legend className="compose-section__subtitle">{label}</legend>
      <ol className="compose-thread__list">
        {replies.map((reply, index) => (
          // Replies are plain strings; their position is their identity.
          <li key={index} className="compose-thread__item">
            <TextArea label={`Reply ${index + 1}`} rows={2} value={reply} onChange={(event) => onChange(replies.map((r, i) => (i === index ? event.target.value : r)))} />
            <Button variant="ghost" onClick={() => onChange(replies.filter((_, i) => i !== index))}>
              Remove reply {index + 1}
            </Button>
          </li>
        ))}
      </ol>
      <Button onClick={() => onChange([...replies, ''])} disabled={replies.length >= 25}>
        Add a reply
      </Button>
    </fieldset>
  );
}
