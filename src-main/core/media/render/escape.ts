/**
 * A path as the value of a filter option inside a filter graph (`ass=filename=<here>`).
 *
 * ffmpeg unquotes twice (doc: "Notes on filtergraph escaping"): first the graph parser reads
 * the filter's arguments up to an unescaped `[ ] , ;`, removing one level of `\` and `'`; then
 * the filter reads `key=value` pairs up to an unescaped `:`, removing another. So the path is
 * first single-quoted for the option level (a `'` inside becomes `'\''`), then every `\ ' [ ] , ;`
 * of that is backslash-escaped for the graph level. The result goes into one argv element, so
 * no shell quoting applies.
 */
export function escapeFilterPath(value: string): string {
  if (value.includes('\0')) throw new Error('A filter path cannot contain NUL');
  // Backslashes in Windows paths are separators; forward slashes mean the same to ffmpeg.
  const portable = process.platform === 'win32' ? value.replace(/\\/g, '/') : value;
  const optionLevel = `'${portable.replace(/'/g, "'\\''")}'`;
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}
