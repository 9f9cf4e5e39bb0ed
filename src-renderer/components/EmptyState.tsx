import type { ReactNode } from 'react';
import { Badge } from './Badge';

export interface EmptyStateProps {
  title: string;
  icon?: ReactNode;
  /** One or two sentences on what this area does. */
  summary: ReactNode;
  /** Shown as a badge when the area does not work yet in this version. */
  notAvailable?: boolean;
  /** What to set up first, or what arrives when. */
  children?: ReactNode;
}

export const NOT_AVAILABLE = 'Not available yet in this version';

/** The honest face of an area with nothing in it yet: what it is for and what comes first. */
export function EmptyState({ title, icon, summary, notAvailable = false, children }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-labelledby="page-title">
      {icon ? (
        <div className="empty-state__icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <h1 id="page-title" className="page-title" tabIndex={-1}>
        {title}
      </h1>
      {notAvailable ? <Badge tone="info">{NOT_AVAILABLE}</Badge> : null}
      <p className="empty-state__summary">{summary}</p>
      {children ? <div className="empty-state__next">{children}</div> : null}
    </section>
  );
}
