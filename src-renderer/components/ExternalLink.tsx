import type { ReactNode } from 'react';
import { ExternalIcon } from './icons';

/**
 * A link that opens in the system browser: a new window is the only way out of the Electron
 * shell, and in browser mode it keeps PromoGPT's own tab where it is.
 */
export function ExternalLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  return (
    <a className={['external-link', className].filter(Boolean).join(' ')} href={href} target="_blank" rel="noreferrer">
      {children}
      <ExternalIcon />
      <span className="visually-hidden"> (opens in your browser)</span>
    </a>
  );
}
