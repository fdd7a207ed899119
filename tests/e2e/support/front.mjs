// A small loopback proxy in front of the relay. It forwards HTTP requests and WebSocket upgrades
// to the relay, records every byte the relay received and sent (WebSocket frames from browsers
// unmasked, so the record is what the relay itself decoded), and can refuse every `Upgrade`
// request the way a proxy without WebSocket support does.
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);

/**
 * Unmasks the client-to-server WebSocket frames of one connection as they stream in (RFC 6455
 * §5.2); calls `record(payload)` with each frame's payload.
 */
function frameReader(record) {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (buffer[1] & 0x80) !== 0;
      const mask = masked ? buffer.subarray(offset, offset + 4) : null;
      if (masked) offset += 4;
      if (buffer.length < offset + length) return;

      const payload = Buffer.from(buffer.subarray(offset, offset + length));
      if (mask) for (let i = 0; i < payload.length; i += 1) payload[i] ^= mask[i % 4];
      record(payload);
      buffer = buffer.subarray(offset + length);
    }
  };
}

/** `[{channel, payload}]` when `bytes` is one binary frame's payload (u16 length, channel). */
function binaryFrame(bytes) {
  if (bytes.length < 2 || bytes[0] === 0x7b) return [];
  const length = bytes.readUInt16BE(0);
  if (length === 0 || bytes.length < 2 + length) return [];
  const channel = bytes.subarray(2, 2 + length).toString('utf8');
  if (!/^[\x21-\x7e]+$/.test(channel)) return [];
  return [{ channel, payload: bytes.subarray(2 + length) }];
}

/**
 * Starts the proxy on a free 127.0.0.1 port in front of `127.0.0.1:targetPort`.
 *
 * @returns {Promise<{url: string, refuseUpgrades: boolean, refused: number, upgrades: number,
 *   mark(): number, handled(since?: number): Buffer, requests(since?: number): string[],
 *   binaryFrames(since?: number): {channel: string, payload: Buffer}[],
 *   dropUpgraded(): void, close(): Promise<void>}>}
 */
export async function startFront(targetPort) {
  const records = [];
  const requestLines = [];
  const sockets = new Set();
  const upgraded = new Set();
  const record = (bytes) => records.push(bytes);

  const server = createServer((req, res) => {
    requestLines.push({ at: records.length, line: `${req.method} ${req.url.split('?')[0]}` });
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
    );
    const upstream = request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: req.method,
        path: req.url,
        headers,
        agent: false,
      },
      (answer) => {
        const answerHeaders = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
        );
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        res.flushHeaders();
        answer.on('data', (chunk) => {
          record(chunk);
          res.write(chunk);
        });
        answer.on('end', () => res.end());
        answer.on('error', () => res.destroy());
        answer.on('aborted', () => res.destroy());
      },
    );
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'content-type': 'text/plain' }).end('relay unreachable');
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.on('data', (chunk) => {
      record(chunk);
      upstream.write(chunk);
    });
    req.on('end', () => upstream.end());
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('upgrade', (req, socket, head) => {
    requestLines.push({ at: records.length, line: `UPGRADE ${req.url.split('?')[0]}` });
    if (front.refuseUpgrades) {
      front.refused += 1;
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }

    front.upgrades += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { socket, upstream };
    upgraded.add(pair);
    const drop = () => {
      upgraded.delete(pair);
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    socket.on('error', drop);
    upstream.on('close', drop);
    socket.on('close', drop);

    upstream.once('connect', () => {
      let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        text += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      }
      upstream.write(`${text}\r\n`);
      record(Buffer.from(text));

      const fromBrowser = frameReader(record);
      if (head.length > 0) {
        fromBrowser(head);
        upstream.write(head);
      }
      socket.on('data', (chunk) => {
        fromBrowser(chunk);
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        record(chunk);
        socket.write(chunk);
      });
    });
  });

  await new Promise((done) => server.listen(0, '127.0.0.1', done));

  const front = {
    url: `http://127.0.0.1:${server.address().port}`,
    refuseUpgrades: false,
    refused: 0,
    upgrades: 0,
    /** A position in the record, for `handled(since)`. */
    mark: () => records.length,
    /** Every byte the relay received or sent since `since`, concatenated. */
    handled: (since = 0) => Buffer.concat(records.slice(since)),
    /**
     * The binary frames browsers sent the relay since `since` (docs/protocol.md §5.6), as
     * `{channel, payload}`; text frames and HTTP bytes are left out.
     */
    binaryFrames: (since = 0) => records.slice(since).flatMap((bytes) => binaryFrame(bytes)),
    /** The request lines (method and path) seen since `since`. */
    requests: (since = 0) => requestLines.filter((item) => item.at >= since).map((i) => i.line),
    /** Cuts every proxied WebSocket, as a proxy restart would. */
    dropUpgraded() {
      for (const pair of [...upgraded]) {
        pair.socket.destroy();
        pair.upstream.destroy();
      }
    },
    close() {
      front.dropUpgraded();
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
  return front;
}
