import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Frame } from '../frame.js';
import type { RelaySocket } from '../interfaces/socket.js';

const WS_WIRE = Symbol('ws');
const OPEN = 1;

/**
 * A whole unmasked WebSocket frame (RFC 6455 §5.2) around a relay frame, built once per frame
 * and written as it is to every subscriber's TCP socket.
 */
function wsWire(frame: Frame): Buffer {
  return frame.memo(WS_WIRE, () => {
    const payload = frame.data;
    const length = payload.byteLength;
    const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
    const out = Buffer.allocUnsafe(headerLength + length);

    out[0] = 0x80 | (frame.binary ? 0x2 : 0x1);
    if (length < 126) {
      out[1] = length;
    } else if (length < 65536) {
      out[1] = 126;
      out.writeUInt16BE(length, 2);
    } else {
      out[1] = 127;
      out.writeUInt32BE(0, 2);
      out.writeUInt32BE(length, 6);
    }
    out.set(payload, headerLength);
    return out;
  });
}

// The first frame a socket gets in a tick is written at once (no added latency); from the
// second on, the socket is corked until the tick ends, so a burst leaves in one writev.
const corked: WsSocket[] = [];
let tick = 0;
let tickEndScheduled = false;

function endTick(): void {
  tickEndScheduled = false;
  tick++;
  for (const socket of corked.splice(0)) socket.uncork();
}

/**
 * A {@link RelaySocket} over a `ws` WebSocket. Frames bypass `ws`'s per-send framing: the
 * prebuilt frame bytes go straight to the TCP socket `ws` was given. That is safe because the
 * adapter disables permessage-deflate, so `ws` itself writes synchronously and in order.
 */
export class WsSocket implements RelaySocket {
  readonly transport = 'websocket';
  private isCorked = false;
  private lastTick = -1;

  /**
   * @param closeGraceMs how long a closing socket may take to finish the closing handshake
   *   before it is destroyed (ws would wait 30 s; a slow consumer's queue is held meanwhile).
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly raw: Duplex,
    private readonly closeGraceMs = 5000,
  ) {}

  get bufferedAmount(): number {
    return this.raw.writableLength;
  }

  send(frame: Frame): void {
    if (this.ws.readyState !== OPEN || this.raw.destroyed) return;

    if (!tickEndScheduled) {
      tickEndScheduled = true;
      process.nextTick(endTick);
    }
    if (this.lastTick === tick && !this.isCorked) {
      this.isCorked = true;
      this.raw.cork();
      corked.push(this);
    }
    this.lastTick = tick;
    this.raw.write(wsWire(frame));
  }

  /** @internal Ends this tick's batch. */
  uncork(): void {
    this.isCorked = false;
    this.raw.uncork();
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState !== OPEN) return;
    // The close frame must follow the frames of this tick: ws writes it after what is queued.
    this.ws.close(code, reason.slice(0, 120));
    const timer = setTimeout(() => this.ws.terminate(), this.closeGraceMs);
    timer.unref();
    this.ws.once('close', () => clearTimeout(timer));
  }

  terminate(): void {
    this.ws.terminate();
  }
}
