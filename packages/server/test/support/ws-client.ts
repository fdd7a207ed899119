import WebSocket from 'ws';

export type FrameJson = Record<string, unknown> & { type: string };

/** A WebSocket test client that records every JSON frame and its close. */
export class TestSocket {
  readonly frames: FrameJson[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  readonly ws: WebSocket;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data, binary) => {
      if (!binary) this.frames.push(JSON.parse(String(data)) as FrameJson);
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
      });
    });
    this.ws.on('error', () => {});
  }

  /** Opens `{base}/ws`, authenticates with a first frame, and waits for `auth_ok`. */
  static async connect(baseUrl: string, token: string): Promise<TestSocket> {
    const socket = new TestSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      socket.ws.once('open', () => resolve());
      socket.ws.once('error', reject);
    });
    socket.send({ type: 'auth', token });
    await socket.next((frame) => frame.type === 'auth_ok');
    return socket;
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Subscribes and waits for `subscribed`. */
  async subscribe(channels: string[], since?: Record<string, string>): Promise<FrameJson> {
    const from = this.frames.length;
    this.send({ type: 'subscribe', channels, ...(since ? { since } : {}) });
    return this.next((frame) => frame.type === 'subscribed', from);
  }

  /** Resolves the first frame from index `from` on that matches, waiting up to 10 s. */
  async next(match: (frame: FrameJson) => boolean, from = 0): Promise<FrameJson> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no matching frame within 10 s; got ${JSON.stringify(this.frames)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Messages received on a channel, in order. */
  messages(channel: string): FrameJson[] {
    return this.frames.filter((frame) => frame.type === 'message' && frame.channel === channel);
  }

  close(): void {
    this.ws.close();
  }
}
