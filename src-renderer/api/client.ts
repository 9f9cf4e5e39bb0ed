import type { EventName, Events, Input, MethodName, Output } from '../../src-shared/contract';
import type { ErrorInfo } from '../../src-shared/errors';
import type { Transport } from '../../src-shared/transport';

/** A failed call, carrying the core's error name and its user-facing message. */
export class ApiError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

export interface Api {
  call<K extends MethodName>(method: K, input: Input<K>): Promise<Output<K>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** The renderer's one client, typed from the contract, over whichever transport it is given. */
export function createApi(transport: Transport): Api {
  return {
    async call(method, input) {
      const result = await transport.invoke(method, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value as never;
    },
    on: (event, listener) => transport.on(event, listener),
  };
}
