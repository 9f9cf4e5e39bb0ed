// Another process with a database open, as the desktop app or `promogpt scheduler run` has a
// workspace's: a real connection in WAL mode that has read from it, until `close()`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';

const driver = createRequire(import.meta.url).resolve('better-sqlite3');
const script = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.prepare('SELECT count(*) FROM sqlite_master').get();
process.stdout.write('open\\n');
process.stdin.on('end', () => { db.close(); process.exit(0); });
process.stdin.resume();
`;

export async function holdOpen(file: string): Promise<{ close(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', script, driver, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  if (first.toString().trim() !== 'open') throw new Error(`the holding process said ${first.toString()}`);
  return {
    close: async () => {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}
