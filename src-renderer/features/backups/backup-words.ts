import type { BackupInfo } from '../../../src-shared/backups';

export function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function whenWords(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const REASON_WORDS: Record<BackupInfo['reason'], string> = {
  scheduled: 'Automatic',
  manual: 'Taken by hand',
  'before-restore': 'Before a restore',
};

export function previewWords(b: BackupInfo): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [n(b.preview.posts, 'post', 'posts'), n(b.preview.accounts, 'account', 'accounts'), n(b.preview.media, 'media item', 'media items')].join(' · ');
}

export const INTERVALS = [
  { value: '1', label: 'Every hour' },
  { value: '6', label: 'Every 6 hours' },
  { value: '12', label: 'Every 12 hours' },
  { value: '24', label: 'Every day' },
  { value: '168', label: 'Every week' },
] as const;
