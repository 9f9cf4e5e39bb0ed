import type { z } from 'zod';
import type { MethodName, Output, ParsedInput } from '../../src-shared/contract';
import { contract, isMethodName } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { Result } from '../../src-shared/result';
import { fail, ok } from '../../src-shared/result';
import { createLogger } from './platform/logger';

const log = createLogger('dispatch');

export type HandlerImpl<K extends MethodName> = (input: ParsedInput<K>) => Promise<Output<K>> | Output<K>;
export type HandlerImpls = { [K in MethodName]: HandlerImpl<K> };

export type Invoke = (method: unknown, input: unknown) => Promise<Result<unknown>>;

function describeIssues(error: z.ZodError): { message: string; issues: { field: string; message: string }[] } {
  const issues = error.issues.slice(0, 10).map((issue) => {
    const field = issue.path.map(String).join('.') || 'input';
    return { field, message: issue.message.slice(0, 200) };
  });
  const first = issues[0] ?? { field: 'input', message: 'is not valid' };
  return { message: `${first.field}: ${first.message}`, issues };
}

/**
 * The one door into the core. Every call arrives as `unknown`, is parsed by its zod schema,
 * and only then reaches a handler; every outcome leaves as a Result.
 */
export function createDispatcher(impls: HandlerImpls): Invoke {
  return async (method, input) => {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? `'${method.slice(0, 80)}'` : `of type ${typeof method}`;
      return fail({ name: 'ValidationError', message: `Unknown method ${shown}.`, details: { field: 'method' } });
    }
    const parsed = (contract[method].input as z.ZodType).safeParse(input === undefined ? {} : input);
    if (!parsed.success) {
      const { message, issues } = describeIssues(parsed.error);
      return fail({ name: 'ValidationError', message: `${method}: ${message}`, details: { issues } });
    }
    try {
      const handler = impls[method] as (i: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof AppError) return fail(error.toInfo());
      log.error('handler failed', { method, error });
      return fail({ name: 'Internal', message: `Something went wrong in ${method}. Details are in the log; please report it.` });
    }
  };
}
