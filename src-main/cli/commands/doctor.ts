import type { Command } from 'commander';
import type { DoctorCheck } from '../../../src-shared/domain';
import { runDoctor } from '../../core/doctor/doctor';
import { keychainSecretStore } from '../../core/platform/secrets';
import type { CommandContext } from '../context';

const MARK: Record<DoctorCheck['status'], string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' };

export function registerDoctorCommand(program: Command, run: (a: (ctx: CommandContext) => Promise<void>) => () => Promise<void>): void {
  program
    .command('doctor')
    .description('Check Node, SQLite, the data folder, the keychain, ffmpeg/ffprobe and Electron')
    .action(
      run(async (ctx) => {
        // Runs without opening the app database, so it still helps when that database is refused.
        const report = await runDoctor({ dataDir: ctx.dataDir, secrets: keychainSecretStore() });
        ctx.out.result(report, () =>
          report.checks
            .map((c) => `${MARK[c.status]}  ${c.label}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`)
            .join('\n'),
        );
        if (!report.ok) process.exitCode = 1;
      }),
    );
}
