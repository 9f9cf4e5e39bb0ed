/** The workspace's first letter in a rounded square, so workspaces are told apart at a glance. */
export function WorkspaceAvatar({ name, small = false }: { name: string; small?: boolean }) {
  const letter = Array.from(name.trim())[0]?.toLocaleUpperCase() ?? '?';
  return (
    <span className={small ? 'avatar avatar--small' : 'avatar'} aria-hidden="true">
      {letter}
    </span>
  );
}
