import { resolveConfig } from '../config.js';
import { ServerError, USAGE_ERROR_CODES } from '../errors.js';
import { type RunningServer, startServer } from '../server.js';
import { parseFlags, START_FLAGS } from './args.js';
import { type CliIo, processIo } from './io.js';
import { catchShutdownSignal } from './signals.js';
import { listSites, registerFromCli, removeFromCli, rotateKeyFromCli } from './site-commands.js';
import { USAGE } from './usage.js';

/**
 * Runs one CLI invocation and resolves its exit code: 0 on success, 2 for a usage error
 * (unknown command or flag, bad value), 1 when something else failed. `start` resolves only
 * after the server has shut down.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [first, ...rest] = argv;
  const command = first === undefined || first.startsWith('-') ? 'start' : first;
  const args = command === first ? rest : argv;

  try {
    if (args.includes('--help') || args.includes('-h')) return help(io);

    switch (command) {
      case 'start':
        return await start(args, io);
      case 'register':
        return await registerFromCli(args, io);
      case 'list':
        return await listSites(args, io);
      case 'remove':
        return await removeFromCli(args, io);
      case 'rotate-key':
        return await rotateKeyFromCli(args, io);
      case 'help':
        return help(io);
      default:
        throw new ServerError('unknown_command', `unknown command "${command}"`);
    }
  } catch (error) {
    return reportFailure(error, io);
  }
}

function help(io: CliIo): number {
  io.out(USAGE);
  return 0;
}

async function start(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, START_FLAGS);
  const config = resolveConfig(flags, io.env, io.cwd);
  const shutdown = catchShutdownSignal();

  let server: RunningServer;
  try {
    server = await startServer(config, { announceKey: (key) => io.err(keyBanner(key)) });
  } catch (error) {
    shutdown.dispose();
    throw error;
  }
  io.err(
    `WordSocket relay on ${server.url}: demo at ${server.url}/demo, sites at ${server.url}/dashboard\n`,
  );

  const signal = await shutdown.received;
  server.logger.info('shutdown_requested', { signal });
  await server.close();
  return 0;
}

function keyBanner(key: string): string {
  return [
    '',
    'A new operator API key was created. It is shown this once; only its hash is stored.',
    `  ${key}`,
    'Use it to log in to /dashboard and as the Bearer token of /metrics and /api/sites/register.',
    '',
    '',
  ].join('\n');
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof ServerError) {
    io.err(`wordsocket-server: ${error.message}\n`);
    if (USAGE_ERROR_CODES.has(error.code)) {
      io.err(`Run "wordsocket-server help" for usage.\n`);
      return 2;
    }
    return 1;
  }

  io.err(`wordsocket-server: ${(error as Error)?.message ?? String(error)}\n`);
  return 1;
}
