/** Closes a switch over a union: adding a member without handling it fails the typecheck. */
export function missingCaseError(value: never): Error {
  return new Error(`Unhandled case: ${String(value)}`);
}

export function strictAssert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
