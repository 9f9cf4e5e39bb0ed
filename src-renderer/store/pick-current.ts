import type { Workspace } from '../../src-shared/domain';

/** The workspace to show: the preferred one while it exists, else the first, else none. */
export function pickCurrent(workspaces: readonly Workspace[], ...preferred: (string | null | undefined)[]): string | null {
  for (const id of preferred) {
    if (id && workspaces.some((w) => w.id === id)) return id;
  }
  return workspaces[0]?.id ?? null;
}
