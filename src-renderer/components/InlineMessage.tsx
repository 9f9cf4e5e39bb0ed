import type { ReactNode } from 'react';

/** A sentence under a form: an error is announced at once, a confirmation politely. */
export function InlineMessage({ tone, children }: { tone: 'error' | 'success'; children: ReactNode }) {
  return (
    <p className={`inline-message inline-message--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
