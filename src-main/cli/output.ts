import { AppError, type ErrorInfo } from '../../src-shared/errors';

export interface Output {
  json: boolean;
  /** One JSON document (with --json) or lines for a person. */
  result(value: unknown, human: () => string): void;
  /** Progress or notes for a person; silent with --json so stdout stays one document. */
  note(text: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
    },
    note(text) {
      if (!json) process.stdout.write(`${text}\n`);
    },
  };
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return { name: error.name, message: error.message };
  return { name: 'Internal', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` };
}

/** Failures go to stderr: `{"error":{name,message}}` with --json, one sentence otherwise. */
export function printError(error: unknown, json: boolean): void {
  const info = toErrorInfo(error);
  process.stderr.write(json ? `${JSON.stringify({ error: { name: info.name, message: info.message } })}\n` : `Error: ${info.message}\n`);
}
