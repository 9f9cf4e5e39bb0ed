/** A model's answer read as a JSON array of non-empty strings (a ```json fence around it is allowed); null when it is not one. */
export function stringArray(answer: string): string[] | null {
  const bare = answer.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  try {
    const value: unknown = JSON.parse(bare);
    if (!Array.isArray(value) || value.length === 0 || !value.every((x) => typeof x === 'string' && x.trim())) return null;
    return (value as string[]).map((x) => x.trim());
  } catch {
    return null;
  }
}

/** Words as a comparable run, to check that a split kept the text as it was. */
export function sameWords(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}
