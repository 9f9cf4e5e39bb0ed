// The part of fluent-ffmpeg 2.1.3 that run-ffmpeg.ts uses (no @types/fluent-ffmpeg is installed).
declare module 'fluent-ffmpeg' {
  import type { ChildProcess } from 'node:child_process';
  import type { EventEmitter } from 'node:events';

  namespace ffmpeg {
    interface FfmpegCommandOptions {
      stdoutLines?: number;
      logger?: { debug(...a: unknown[]): void; info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
    }
    interface FfmpegCommand extends EventEmitter {
      /** Set while ffmpeg runs (between 'start' and 'end'/'error'). */
      ffmpegProc?: ChildProcess;
      setFfmpegPath(path: string): FfmpegCommand;
      output(target: string): FfmpegCommand;
      /** With two or more arguments each is passed as is; one string with a space would be split. */
      outputOptions(...options: string[]): FfmpegCommand;
      run(): void;
      kill(signal?: NodeJS.Signals): FfmpegCommand;
      on(event: 'start', listener: (commandLine: string) => void): this;
      on(event: 'stderr', listener: (line: string) => void): this;
      on(event: 'end', listener: (stdout: string | null, stderr: string | null) => void): this;
      on(event: 'error', listener: (error: Error, stdout: string | null, stderr: string | null) => void): this;
    }
  }
  function ffmpeg(options?: ffmpeg.FfmpegCommandOptions): ffmpeg.FfmpegCommand;
  export = ffmpeg;
}
