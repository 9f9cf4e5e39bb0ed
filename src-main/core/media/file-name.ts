const MAX_NAME = 200;

/**
 * The name a file is shown under: the last segment of what the user gave, with control
 * characters (newlines, NUL…) and path separators gone and its length bounded. Display only:
 * files are stored under their hash, so no name ever reaches the file system or a command.
 */
export function displayFileName(source: string): string {
  const last = source.split(/[/\\]/).filter(Boolean).pop() ?? '';
  const cleaned = last
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = cleaned === '.' || cleaned === '..' ? '' : cleaned;
  return Array.from(name).slice(0, MAX_NAME).join('') || 'untitled';
}
