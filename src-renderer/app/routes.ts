export const PAGES = [
  { id: 'compose', label: 'Compose' },
  { id: 'calendar', label: 'Calendar' },
  { id: 'media', label: 'Media' },
  { id: 'studio', label: 'Studio' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'agent', label: 'Agent' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'settings', label: 'Settings' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export const DEFAULT_PAGE: PageId = 'compose';

export const hrefOf = (page: PageId): string => `#/${page}`;

/** `#/calendar` → 'calendar'; anything unknown opens the default page. */
export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0];
  return PAGES.find((p) => p.id === id)?.id ?? DEFAULT_PAGE;
}

export const labelOf = (page: PageId): string => PAGES.find((p) => p.id === page)?.label ?? page;

/** `#/settings/developer-apps` → 'developer-apps': the part of the page a link points at, if any. */
export function sectionFromHash(hash: string): string | null {
  const section = hash.replace(/^#\/?/, '').split('?', 1)[0]?.split('/')[1];
  return section && /^[a-z][a-z0-9-]*$/.test(section) ? section : null;
}
