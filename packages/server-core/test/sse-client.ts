/** One parsed Server-Sent Event. */
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** A minimal SSE reader over fetch: records events and comments, and lets tests wait. */
export class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  status = 0;
  ended = false;
  body: unknown;
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, { headers, signal: client.controller.signal });
    client.status = response.status;
    if (response.status !== 200 || !response.body) {
      client.body = await response.json().catch(() => undefined);
      client.ended = true;
      return client;
    }
    client.pump(response.body).catch(() => undefined);
    return client;
  }

  /** Waits for (and consumes) the next event named `name` matching `test`. */
  async next(
    name: string,
    test: (data: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<Record<string, unknown> & { __id?: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex((e) => e.event === name && test(JSON.parse(e.data)));
      if (index >= 0) {
        const event = this.events.splice(index, 1)[0] as SseEvent;
        return { ...JSON.parse(event.data), __id: event.id };
      }
      if (this.ended) throw new Error(`stream ended while waiting for ${name}`);
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${name}; have ${JSON.stringify(this.events).slice(0, 400)}`,
        );
      }
      await this.wait(deadline - Date.now());
    }
  }

  /** Consumes every recorded event named `name`. */
  take(name = 'message'): (Record<string, unknown> & { __id?: string })[] {
    const out = [];
    for (let i = 0; i < this.events.length; ) {
      const e = this.events[i] as SseEvent;
      if (e.event === name) {
        this.events.splice(i, 1);
        out.push({ ...JSON.parse(e.data), __id: e.id });
      } else i++;
    }
    return out;
  }

  async waitEnd(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('stream did not end');
      await this.wait(deadline - Date.now());
    }
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        this.notify();
      }
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private parse(block: string): void {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) this.events.push({ event, id, data: data.join('\n') });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, ms));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
