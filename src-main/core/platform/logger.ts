import fs from 'node:fs';
import path from 'node:path';
import { redactText, redactValue } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  at: string;
  level: LogLevel;
  area: string;
  msg: string;
  fields?: unknown;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let sinks: LogSink[] = [];
let minLevel: LogLevel = 'info';

/** Every log line in the app goes through here, redacted before any sink sees it. */
export function createLogger(area: string): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minLevel] || sinks.length === 0) return;
    const record: LogRecord = { at: new Date().toISOString(), level, area, msg: redactText(msg) };
    if (fields) record.fields = redactValue(fields);
    for (const sink of sinks) sink(record);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export function configureLogging(options: { sinks: LogSink[]; level?: LogLevel }): void {
  sinks = options.sinks;
  minLevel = options.level ?? 'info';
}

/** How many lines a file sink writes before it looks at the file's size again (another process may write to it too). */
const RESTAT_EVERY = 200;

/**
 * JSON lines in `<dataDir>/logs/promogpt.log`; rotated to `.1` past 5 MB. One append per line:
 * the folder is made and the size read once, then counted here (looked at again every
 * RESTAT_EVERY lines and after any failure), not three more system calls for every line.
 */
export function fileSink(logDir: string, maxBytes = 5 * 1024 * 1024): LogSink {
  const file = path.join(logDir, 'promogpt.log');
  let size: number | null = null; // null: make the folder and read the size first
  let lines = 0;
  return (record) => {
    try {
      if (size === null || ++lines >= RESTAT_EVERY) {
        fs.mkdirSync(logDir, { recursive: true, mode: 0o700 });
        size = fs.existsSync(file) ? fs.statSync(file).size : 0;
        lines = 0;
      }
      if (size > maxBytes) {
        fs.renameSync(file, `${file}.1`);
        size = 0;
      }
      const line = `${JSON.stringify(record)}\n`;
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      size = null; // look again next time (the folder may have been removed)
      // Logging must never take the app down.
    }
  };
}

/** Human-readable lines on stderr, for `serve` in a terminal. */
export const stderrSink: LogSink = (r) => {
  process.stderr.write(`${r.at} ${r.level.padEnd(5)} [${r.area}] ${r.msg}${r.fields ? ` ${JSON.stringify(r.fields)}` : ''}\n`);
};

/** Collects records in memory: tests use it to prove what never reaches a log. */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = ((r: LogRecord) => {
    records.push(r);
  }) as LogSink & { records: LogRecord[] };
  sink.records = records;
  return sink;
}
