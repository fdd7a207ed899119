// A relay in its own process, for tests that kill and restart it. Configured by environment:
// PORT (required, on 127.0.0.1), SITE (a site record as JSON, so that tokens survive a restart),
// HISTORY_FILE (optional: recovery logs kept in a JSON file, so that they survive a restart too).
// Prints "ready" once listening. SIGTERM closes gracefully (1012 to every client); SIGKILL is a
// crash.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { MemorySiteStore, Relay } from '@wordsocket/server-core';
import { attachRelay } from '@wordsocket/server-core/node';

/** Recovery logs (docs/protocol.md §7) written through to a JSON file on every append. */
class FileHistory {
  constructor(file) {
    this.file = file;
    this.logs = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  }

  log(channel) {
    this.logs[channel] ??= {
      epoch: Math.random().toString(36).slice(2, 10),
      offset: 0,
      messages: [],
    };
    return this.logs[channel];
  }

  append(channel, message) {
    const log = this.log(channel);
    log.offset += 1;
    const id = `${log.epoch}:${log.offset}`;
    log.messages.push({ id, event: message.event, data: message.data, origin: message.origin });
    if (log.messages.length > 1000) log.messages.shift();
    writeFileSync(this.file, JSON.stringify(this.logs));
    return id;
  }

  read(channel, since) {
    const log = this.log(channel);
    const head = `${log.epoch}:${log.offset}`;
    if (since === undefined) return { head, recovered: false, messages: [] };

    const colon = since.lastIndexOf(':');
    const epoch = since.slice(0, colon);
    const offset = Number(since.slice(colon + 1));
    const oldest = log.offset - log.messages.length + 1;
    if (
      epoch !== log.epoch ||
      !Number.isInteger(offset) ||
      offset > log.offset ||
      offset < oldest - 1
    ) {
      return { head, recovered: false, messages: [] };
    }

    return { head, recovered: true, messages: log.messages.slice(offset - oldest + 1) };
  }
}

const sites = new MemorySiteStore();
await sites.create(JSON.parse(process.env.SITE));
const history = process.env.HISTORY_FILE ? new FileHistory(process.env.HISTORY_FILE) : undefined;
const relay = new Relay({ sites, history, timings: { drainTimeoutMs: 200 } });
const server = createServer();
attachRelay(relay, server);
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));

process.on('SIGTERM', async () => {
  await relay.close();
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
