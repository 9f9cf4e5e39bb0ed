import type { DataJob } from '../../../src-shared/your-data';

export function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

export function progressWords(job: DataJob): string {
  if (job.totalBytes === 0) return 'Starting…';
  return `${megabytes(job.doneBytes)} of ${megabytes(job.totalBytes)}`;
}

/** A file name that says what and when: "acme-2026-03-02.promogpt". */
export function defaultFileName(name: string, ext: string, now = new Date()): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace';
  return `${slug}-${now.toISOString().slice(0, 10)}.${ext}`;
}

export function joinPath(dir: string, file: string, platform: string): string {
  const sep = platform === 'win32' ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${file}`;
}
