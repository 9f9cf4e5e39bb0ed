// A WHATWG Response for a body the light transport has already read into memory. undici's
// Response wraps every body in a ReadableStream and text()/json() read it back through that
// stream: for the small JSON answers of a publish, that was about a tenth of its CPU at the due
// minute. This one answers text(), json(), arrayBuffer(), bytes() and blob() from the bytes, and
// makes the stream only when `body` is asked for. It is still a Response (instanceof, headers,
// status, ok), and a body reads once, as fetch's does.

const decoder = new TextDecoder();

export class BufferedResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer> | null;
  #used = false;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = null;

  /**
   * `bytes` null: a response without a body (a 204, a HEAD). `rawHeaders` (name, value, name,
   * value … as node:http gives them) go straight into `headers`, but `omit` (a lower-case name):
   * a Headers built to pass in `init` would be copied header by header once more.
   */
  constructor(bytes: Uint8Array<ArrayBuffer> | null, init: ResponseInit, rawHeaders: readonly string[] = [], omit?: string) {
    super(null, init);
    this.#bytes = bytes;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i] as string;
      if (omit === undefined || name.toLowerCase() !== omit) this.headers.append(name, rawHeaders[i + 1] as string);
    }
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes === null) return null;
    if (!this.#stream) {
      const bytes = this.#bytes;
      this.#stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
        start: (controller) => {
          if (this.#used) return controller.error(unusable());
          this.#used = true;
          if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
          controller.close();
        },
      });
    }
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  override text(): Promise<string> {
    return this.#take((bytes) => decoder.decode(bytes));
  }

  override json(): Promise<unknown> {
    return this.#take((bytes) => JSON.parse(decoder.decode(bytes)) as unknown);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take((bytes) => bytes.slice().buffer);
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take((bytes) => bytes.slice());
  }

  override blob(): Promise<Blob> {
    return this.#take((bytes) => new Blob([bytes], { type: this.headers.get('content-type') ?? '' }));
  }

  override formData(): Promise<FormData> {
    return this.#take((bytes) => new Response(bytes, { headers: this.headers }).formData());
  }

  override clone(): BufferedResponse {
    if (this.#used) throw unusable();
    return new BufferedResponse(this.#bytes && this.#bytes.slice(), { status: this.status, statusText: this.statusText, headers: this.headers });
  }

  /** Reads the body once; a second read rejects with fetch's TypeError. */
  #take<T>(read: (bytes: Uint8Array<ArrayBuffer>) => T | Promise<T>): Promise<T> {
    if (this.#used) return Promise.reject(unusable());
    this.#used = true;
    try {
      return Promise.resolve(read(this.#bytes ?? new Uint8Array(0)));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}

function unusable(): TypeError {
  return new TypeError('Body is unusable: Body has already been read');
}
