/** What the user typed as a server address, with https:// added when they left it out. */
export function withScheme(typed: string): string {
  const value = typed.trim();
  if (!value) return '';
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
}

/** `https://mastodon.social/` → `mastodon.social`; anything unparseable is shown as it is. */
export function hostOf(address: string): string {
  try {
    return new URL(address).host || address;
  } catch {
    return address;
  }
}
