import type { z } from 'zod';
import { accountsContract } from './accounts';
import { aiContract } from './ai';
import { analyticsContract } from './analytics';
import { analyticsAskContract } from './analytics-ask';
import { analyticsSentimentContract } from './analytics-sentiment';
import { appContract } from './app';
import { backupsContract } from './backups';
import type { MethodSpec } from './define';
import { mergeContracts } from './define';
import { mediaContract } from './media';
import { postsContract } from './posts';
import { scheduleContract } from './schedule';
import { workspaceContract } from './workspace';
import { yourDataContract } from './your-data';

export const contract = mergeContracts(appContract, workspaceContract, accountsContract, postsContract, scheduleContract, mediaContract, backupsContract, aiContract, yourDataContract, analyticsContract, analyticsAskContract, analyticsSentimentContract);

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
/** What a caller passes. */
export type Input<K extends MethodName> = z.input<Contract[K]['input']>;
/** What a handler receives, after parsing. */
export type ParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type Output<K extends MethodName> = Contract[K] extends MethodSpec<z.ZodType, infer O> ? O : never;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export type { Events, EventName } from './events';
export { EVENT_NAMES } from './events';
