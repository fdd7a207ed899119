/** The text of `wordsocket-server help`. */
export const USAGE = `Usage: wordsocket-server [command] [options]

Commands:
  start                 run the relay (the default)
  register              register a site and print its three credentials
                          --url <site_url> --name <name> [--json]
                          [--max-connections <n>]  connections per node (default 1000)
  list                  list registered sites (no secrets) [--json]
  remove                remove a site  --site-key <key>
  rotate-key            replace the operator API key and print the new one once
  help                  show this text

Options (every command):
  --data-dir <dir>      data directory (WORDSOCKET_DATA_DIR, default ./data)
  --redis <url>         Redis URL for a cluster (WORDSOCKET_REDIS_URL)
  --redis-prefix <p>    Redis key prefix (WORDSOCKET_REDIS_PREFIX, default wordsocket:)
  --redis-sites         keep sites in Redis instead of SQLite (WORDSOCKET_REDIS_SITES=1)

Options (start):
  --host <host>         listen address (HOST, default 127.0.0.1)
  --port <port>         listen port (PORT, default 8080; 0 picks a free one)
  --log-level <level>   debug, info, warn or error (WORDSOCKET_LOG_LEVEL, default info)

Environment only:
  WORDSOCKET_ADMIN_KEY             the operator API key (at least 32 characters); when unset,
                                   one is created on first start, printed once, and only its
                                   hash is stored in the data directory
  WORDSOCKET_SHUTDOWN_TIMEOUT_MS   how long shutdown waits for clients (default 10000)
`;
