import { isAbsolute } from 'node:path';

/** Where the CLI writes: stdout for results, stderr for messages to the human. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The directory a relative `--data-dir` or `WORDSOCKET_DATA_DIR` is resolved against. */
  cwd: string;
}

/**
 * The directory the operator ran the command in. npm runs a workspace's scripts inside the
 * workspace (`npm start` from the repository root runs in `packages/server`) but records where
 * it was invoked in `INIT_CWD`; resolving against that gives `npm start` and
 * `npm run wordsocket-server -- register` from the root the same `./data`.
 */
export function launchDirectory(env: NodeJS.ProcessEnv, cwd: string): string {
  const initCwd = env.INIT_CWD;
  return initCwd !== undefined && isAbsolute(initCwd) ? initCwd : cwd;
}

/** The process's own streams and environment. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: launchDirectory(process.env, process.cwd()),
};
