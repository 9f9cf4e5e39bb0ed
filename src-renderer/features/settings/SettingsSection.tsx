import { useId } from 'react';
import type { ReactNode } from 'react';

export interface SettingsSectionProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Names the heading, so a link like `#/settings/<anchor>` lands on this section. */
  anchor?: string;
}

/** One titled card on the Settings page. */
export function SettingsSection({ title, description, children, anchor }: SettingsSectionProps) {
  const generatedId = useId();
  const headingId = anchor ?? generatedId;
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <div className="settings-section__head">
        <h2 id={headingId} className="settings-section__title" tabIndex={anchor ? -1 : undefined}>
          {title}
        </h2>
        {description ? <p className="settings-section__description">{description}</p> : null}
      </div>
      <div className="settings-section__body">{children}</div>
    </section>
  );
}
