#!/usr/bin/env node
import { runCli } from './cli/main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`wordsocket-server: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
