/** Runs a promise that must fail and returns its error. */
export async function failure(p: Promise<unknown>): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (error) {
    return error as Error & { details?: Record<string, unknown> };
  }
  throw new Error('expected a failure, but it succeeded');
}
