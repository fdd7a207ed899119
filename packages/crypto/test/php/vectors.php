<?php
/**
 * Cross-language test vectors for @wordsocket/crypto, written in plain PHP (7.4 and later) with
 * the functions the WordPress plugin uses: hash_hkdf, openssl_encrypt/openssl_decrypt,
 * hash_hmac, json_encode with its default flags.
 *
 *   php vectors.php generate [file]   write the shared vectors (PHP seals)
 *   php vectors.php check [file]      regenerate, compare with the file, and open every vector
 *   php vectors.php verify-ts <file>  open envelopes and check signatures that TypeScript made
 *
 * Exit status 0 when everything agrees, 1 with a line per failure otherwise, 2 for bad usage.
 * The byte formats are specified in packages/crypto/README.md.
 */

declare(strict_types=1);

const V1_INFO = 'wpsignal-v1';
const V2_INFO_PREFIX = 'wordsocket-v2|';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const FIXED_TS = 1767225600000;
const DEFAULT_FILE = __DIR__ . '/../vectors/shared-vectors.json';

final class CryptoFailure extends RuntimeException
{
    /** @var string */
    public $failure;

    public function __construct(string $failure, string $message)
    {
        parent::__construct($failure . ': ' . $message);
        $this->failure = $failure;
    }
}

// ---------------------------------------------------------------------------------------------
// The reference implementation, as the plugin does it.

function bare_channel(string $channel): string
{
    $bare = preg_match('/^site:[0-9a-f]{64}:/', $channel) === 1 ? substr($channel, 70) : $channel;
    $forbidden = preg_match('/[\p{Cc}\p{Z}\x{FEFF}]/u', $bare);

    if ($bare === '' || strncmp($bare, 'site:', 5) === 0 || strlen($bare) > 200 || $forbidden !== 0) {
        throw new CryptoFailure('invalid_channel', 'invalid channel ' . json_encode($channel));
    }

    return $bare;
}

function derive_v1_key(string $seed, string $site_key): string
{
    return hash_hkdf('sha256', $seed, 32, V1_INFO, $site_key);
}

function derive_channel_key(string $seed, string $site_key, string $channel): string
{
    return hash_hkdf('sha256', $seed, 32, V2_INFO_PREFIX . bare_channel($channel), $site_key);
}

function seal_bytes(string $key, string $plaintext, string $aad, string $iv): string
{
    $tag = '';
    $ciphertext = openssl_encrypt($plaintext, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag, $aad, TAG_LENGTH);
    if ($ciphertext === false) {
        throw new RuntimeException('openssl_encrypt failed');
    }

    return base64_encode($iv . $ciphertext . $tag);
}

/** @param mixed $data */
function seal_v1(string $key, string $event, $data, string $iv): array
{
    $plaintext = json_encode(['event' => $event, 'data' => $data], JSON_THROW_ON_ERROR);

    return ['event' => 'encrypted', 'data' => ['v' => 1, 'p' => seal_bytes($key, $plaintext, '', $iv)]];
}

/** @param mixed $data */
function seal_v2(string $key, string $channel, string $event, $data, int $ts, string $id, string $iv): array
{
    $bare = bare_channel($channel);
    $inner = ['event' => $event, 'data' => $data, 'ts' => $ts, 'id' => $id];
    $plaintext = json_encode($inner, JSON_THROW_ON_ERROR);

    return [
        'event' => 'encrypted',
        'data' => ['v' => 2, 'c' => $bare, 'p' => seal_bytes($key, $plaintext, $bare, $iv)],
    ];
}

/** @return array{0: int, 1: ?string, 2: string, 3: string} version, channel hint, iv, ciphertext‖tag */
function parse_envelope($message): array
{
    if (!is_array($message) || ($message['event'] ?? null) !== 'encrypted' || !is_array($message['data'] ?? null)) {
        throw new CryptoFailure('malformed_envelope', 'not an encrypted message');
    }

    $data = $message['data'];
    $v = $data['v'] ?? null;
    $p = $data['p'] ?? null;
    $c = $data['c'] ?? null;
    if (!is_int($v) || !is_string($p) || ($c !== null && !is_string($c))) {
        throw new CryptoFailure('malformed_envelope', 'data is not {v, p[, c]}');
    }

    $payload = base64_decode($p, true);
    if ($payload === false || base64_encode($payload) !== $p) {
        throw new CryptoFailure('malformed_envelope', 'p is not canonical base64');
    }
    if (strlen($payload) < IV_LENGTH + TAG_LENGTH) {
        throw new CryptoFailure('malformed_envelope', 'payload shorter than iv and tag');
    }

    return [$v, $c, substr($payload, 0, IV_LENGTH), substr($payload, IV_LENGTH)];
}

function expect_version(int $version, int $expected): void
{
    if ($version === $expected) {
        return;
    }
    if ($version !== 1 && $version !== 2) {
        throw new CryptoFailure('unknown_version', "unknown version $version");
    }

    throw new CryptoFailure('wrong_version', "expected v$expected, got v$version");
}

function open_bytes(string $key, string $iv, string $sealed, string $aad): string
{
    $tag = substr($sealed, -TAG_LENGTH);
    $ciphertext = substr($sealed, 0, -TAG_LENGTH);
    $plaintext = openssl_decrypt($ciphertext, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag, $aad);
    if ($plaintext === false) {
        throw new CryptoFailure('tampered', 'authentication failed');
    }

    return $plaintext;
}

function decode_inner(string $plaintext): array
{
    $inner = json_decode($plaintext, true);
    if (!is_array($inner) || !is_string($inner['event'] ?? null) || !array_key_exists('data', $inner)) {
        throw new CryptoFailure('malformed_plaintext', 'not {"event", "data"}');
    }

    return $inner;
}

function open_v1(string $key, $message): array
{
    [$version, , $iv, $sealed] = parse_envelope($message);
    expect_version($version, 1);
    $inner = decode_inner(open_bytes($key, $iv, $sealed, ''));

    return ['event' => $inner['event'], 'data' => $inner['data']];
}

function open_v2(string $key, string $channel, $message): array
{
    $bare = bare_channel($channel);
    [$version, $hint, $iv, $sealed] = parse_envelope($message);
    expect_version($version, 2);
    if ($hint !== null && $hint !== $bare) {
        throw new CryptoFailure('wrong_channel', "sealed for $hint, opened on $bare");
    }

    $inner = decode_inner(open_bytes($key, $iv, $sealed, $bare));
    $ts = $inner['ts'] ?? null;
    $id = $inner['id'] ?? null;
    if (!is_int($ts) || $ts < 0 || !is_string($id) || preg_match('/^[A-Za-z0-9_-]{1,128}$/', $id) !== 1) {
        throw new CryptoFailure('malformed_plaintext', 'ts or id missing or malformed');
    }

    return ['event' => $inner['event'], 'data' => $inner['data'], 'ts' => $ts, 'id' => $id];
}

function sign_publish(string $secret, string $body, int $ts): string
{
    return hash_hmac('sha256', $body . '.' . $ts, $secret);
}

// ---------------------------------------------------------------------------------------------
// The shared vectors.

/** Deterministic per-vector bytes, so that regenerating the file reproduces it exactly. */
function fixed_bytes(string $label, string $name, int $length): string
{
    return substr(hash('sha256', $label . '|' . $name, true), 0, $length);
}

function inputs(): array
{
    $wp_seed = 'K{z0+;Vq}9#x@P]~f!3mLw^T)8s%bR=dC2u?hY*N_jE&5a|G$oI<>e,.`Zk1Xr7'
        . 'p-J:4Q(vW/tD[Bg6S"nFyH\'cMl\\iUAO0L';
    $site_key = 'b6f1c0e2d3a4958677e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0';
    $site_id = hash('sha256', 'site:' . $site_key);

    return [
        'sites' => [
            'wordpress' => ['seed' => $wp_seed, 'site_key' => $site_key],
            'unicode' => [
                'seed' => "s\u{00EB}ed-\u{043A}\u{043B}\u{044E}\u{0447}-\u{1F511}-\u{5BC6}\u{94A5}",
                'site_key' => 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed',
            ],
        ],
        'channels' => [
            'posts',
            'comments:42',
            'yjs:postType/post:42',
            "caf\u{00E9}:\u{00DF}:\u{8A55}\u{8AD6}",
            'site:' . $site_id . ':posts',
            str_repeat('a', 190) . ':' . str_repeat('z', 9),
        ],
        'messages' => [
            'ascii' => ['event' => 'post.published', 'data' => ['id' => 42, 'title' => 'Hello world']],
            'slashes' => [
                'event' => 'comment/approved',
                'data' => [
                    'url' => 'https://example.test/2026/01/hello-world/#comment-7',
                    'html' => '<p>Nice</p></script><!-- -->',
                    'path' => 'C:\\temp\\a/b',
                ],
            ],
            'unicode' => [
                'event' => "caf\u{00E9}.\u{00FC}pdated",
                'data' => [
                    'emoji' => "\u{1F389}\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} party",
                    'accents' => "Cr\u{00E8}me br\u{00FB}l\u{00E9}e, \u{00C5}ngstr\u{00F6}m, na\u{00EF}ve",
                    'cjk' => "\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{30C6}\u{30AD}\u{30B9}\u{30C8} \u{4E2D}\u{6587} \u{D55C}\u{AD6D}\u{C5B4}",
                    'separators' => "line\u{2028}para\u{2029}end",
                    'controls' => "tab\tnewline\nquote\"backslash\\",
                ],
            ],
            'scalars' => [
                'event' => 'option.changed',
                'data' => [
                    'int' => -7,
                    'big' => 9007199254740991,
                    'float' => 0.1,
                    'half' => 1.5,
                    'true' => true,
                    'false' => false,
                    'null' => null,
                    'empty' => '',
                    'list' => [1, 'two', [3], ['four' => 4]],
                ],
            ],
            'null-data' => ['event' => 'ping', 'data' => null],
            'string-data' => ['event' => 'note', 'data' => 'just a string / with a slash'],
        ],
    ];
}

function build_vectors(): array
{
    $in = inputs();
    $doc = [
        'description' => 'Shared vectors for @wordsocket/crypto and the WordPress plugin. Envelopes '
            . 'are sealed by PHP with deterministic IVs and ids so that this file is reproducible; '
            . 'real sealers use random ones. Formats: packages/crypto/README.md.',
        'generator' => 'packages/crypto/test/php/vectors.php generate',
        'php' => 'json_encode default flags (slashes escaped as \\/, non-ASCII as \\uXXXX)',
        'keys' => [],
        'envelopes' => [],
        'signatures' => [],
        'failures' => [],
    ];

    foreach ($in['sites'] as $site_name => $site) {
        $doc['keys'][] = [
            'name' => "$site_name/v1",
            'seed' => $site['seed'],
            'site_key' => $site['site_key'],
            'info' => V1_INFO,
            'key_hex' => bin2hex(derive_v1_key($site['seed'], $site['site_key'])),
        ];
        foreach ($in['channels'] as $channel) {
            $doc['keys'][] = [
                'name' => "$site_name/v2/$channel",
                'seed' => $site['seed'],
                'site_key' => $site['site_key'],
                'channel' => $channel,
                'bare_channel' => bare_channel($channel),
                'info' => V2_INFO_PREFIX . bare_channel($channel),
                'key_hex' => bin2hex(derive_channel_key($site['seed'], $site['site_key'], $channel)),
            ];
        }
    }

    foreach ($in['sites'] as $site_name => $site) {
        $v1_key = derive_v1_key($site['seed'], $site['site_key']);
        foreach ($in['messages'] as $message_name => $message) {
            $name = "$site_name/v1/$message_name";
            $sealed = seal_v1($v1_key, $message['event'], $message['data'], fixed_bytes('iv', $name, IV_LENGTH));
            $doc['envelopes'][] = envelope_vector($name, 1, $site, null, bin2hex($v1_key), $message, $sealed);
        }

        foreach ($in['channels'] as $index => $channel) {
            $message_name = array_keys($in['messages'])[$index % count($in['messages'])];
            $message = $in['messages'][$message_name];
            $name = "$site_name/v2/$channel/$message_name";
            $key = derive_channel_key($site['seed'], $site['site_key'], $channel);
            $id = bin2hex(fixed_bytes('id', $name, 16));
            $sealed = seal_v2($key, $channel, $message['event'], $message['data'], FIXED_TS, $id, fixed_bytes('iv', $name, IV_LENGTH));
            $doc['envelopes'][] = envelope_vector($name, 2, $site, $channel, bin2hex($key), $message, $sealed, $id);
        }
    }

    $publish_secret = '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a';
    $bodies = [
        'publish' => json_encode(seal_v1(derive_v1_key('seed', 'key'), 'x', ['a' => 'b/c'], str_repeat("\0", 12)) + ['channel' => 'posts']),
        'empty-body-stats' => '',
        'unicode-body' => json_encode(['channel' => "caf\u{00E9}", 'event' => "\u{1F389}", 'data' => 'a/b'], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES),
        'escaped-body' => json_encode(['channel' => "caf\u{00E9}", 'event' => "\u{1F389}", 'data' => 'a/b']),
    ];
    $ts = [1767225600000, 0, 1767225600001, 1700000000000];
    $i = 0;
    foreach ($bodies as $name => $body) {
        $doc['signatures'][] = [
            'name' => $name,
            'publish_secret' => $publish_secret,
            'body' => $body,
            'ts' => $ts[$i++],
            'signature' => sign_publish($publish_secret, $body, $ts[$i - 1]),
        ];
    }

    $doc['failures'] = build_failures($in);

    return $doc;
}

function envelope_vector(string $name, int $version, array $site, ?string $channel, string $key_hex, array $message, array $sealed, ?string $id = null): array
{
    $vector = [
        'name' => $name,
        'version' => $version,
        'seed' => $site['seed'],
        'site_key' => $site['site_key'],
    ];
    if ($channel !== null) {
        $vector['channel'] = $channel;
        $vector['bare_channel'] = bare_channel($channel);
    }
    $vector['key_hex'] = $key_hex;
    $vector['event'] = $message['event'];
    $vector['data'] = $message['data'];
    if ($version === 2) {
        $vector['ts'] = FIXED_TS;
        $vector['id'] = $id;
        $inner = ['event' => $message['event'], 'data' => $message['data'], 'ts' => FIXED_TS, 'id' => $id];
    } else {
        $inner = ['event' => $message['event'], 'data' => $message['data']];
    }
    $vector['plaintext'] = json_encode($inner);
    $vector['message'] = $sealed;

    return $vector;
}

/** Envelopes that every opener must refuse, each with the code it must refuse them with. */
function build_failures(array $in): array
{
    $site = $in['sites']['wordpress'];
    $v1_key = derive_v1_key($site['seed'], $site['site_key']);
    $posts_key = derive_channel_key($site['seed'], $site['site_key'], 'posts');
    $comments_key = derive_channel_key($site['seed'], $site['site_key'], 'comments');
    $message = $in['messages']['slashes'];
    $iv = fixed_bytes('iv', 'failures', IV_LENGTH);
    $id = bin2hex(fixed_bytes('id', 'failures', 16));

    $v1 = seal_v1($v1_key, $message['event'], $message['data'], $iv);
    $v2 = seal_v2($posts_key, 'posts', $message['event'], $message['data'], FIXED_TS, $id, $iv);
    $payload = base64_decode($v1['data']['p']);

    $flipped = $v1;
    $flipped['data']['p'] = base64_encode(substr($payload, 0, 20) . (substr($payload, 20, 1) ^ "\x01") . substr($payload, 21));
    $truncated = $v1;
    $truncated['data']['p'] = base64_encode(substr($payload, 0, -1));
    $relabelled = $v2;
    $relabelled['data']['c'] = 'comments';
    $short = $v1;
    $short['data']['p'] = base64_encode(substr($payload, 0, 27));
    $not_base64 = $v1;
    $not_base64['data']['p'] = '@@' . substr($v1['data']['p'], 2);
    $v3 = $v1;
    $v3['data']['v'] = 3;
    $not_json = ['event' => 'encrypted', 'data' => ['v' => 1, 'p' => seal_bytes($v1_key, 'not json', '', $iv)]];
    $no_data = ['event' => 'encrypted', 'data' => ['v' => 1, 'p' => seal_bytes($v1_key, '{"event":"x"}', '', $iv)]];
    $no_id = ['event' => 'encrypted', 'data' => ['v' => 2, 'c' => 'posts', 'p' => seal_bytes($posts_key, '{"event":"x","data":1,"ts":1}', 'posts', $iv)]];
    $other_seed = seal_v1(derive_v1_key('another seed', $site['site_key']), 'x', 1, $iv);

    $v1_case = function (string $name, $msg, string $error) use ($v1_key): array {
        return ['name' => $name, 'version' => 1, 'key_hex' => bin2hex($v1_key), 'message' => $msg, 'error' => $error];
    };
    $v2_case = function (string $name, string $channel, string $key, $msg, string $error): array {
        return ['name' => $name, 'version' => 2, 'channel' => $channel, 'key_hex' => bin2hex($key), 'message' => $msg, 'error' => $error];
    };

    return [
        $v1_case('flipped ciphertext bit', $flipped, 'tampered'),
        $v1_case('truncated tag', $truncated, 'tampered'),
        $v1_case('sealed under another seed', $other_seed, 'tampered'),
        $v1_case('payload shorter than iv and tag', $short, 'malformed_envelope'),
        $v1_case('p is not base64', $not_base64, 'malformed_envelope'),
        $v1_case('data is not an object', ['event' => 'encrypted', 'data' => 'nope'], 'malformed_envelope'),
        $v1_case('version 3', $v3, 'unknown_version'),
        $v1_case('a v2 envelope opened as v1', $v2, 'wrong_version'),
        $v1_case('plaintext is not JSON', $not_json, 'malformed_plaintext'),
        $v1_case('plaintext without data', $no_data, 'malformed_plaintext'),
        $v2_case('moved to another channel', 'comments', $comments_key, $v2, 'wrong_channel'),
        $v2_case('moved, with its channel hint rewritten', 'comments', $comments_key, $relabelled, 'tampered'),
        $v2_case('v2 plaintext without id', 'posts', $posts_key, $no_id, 'malformed_plaintext'),
        $v2_case('a v1 envelope opened as v2', 'posts', $posts_key, $v1, 'wrong_version'),
    ];
}

// ---------------------------------------------------------------------------------------------
// Checks.

/** Opens every vector of the shared file with the PHP implementation. @return string[] failures */
function check_shared(array $doc): array
{
    $failures = [];

    foreach ($doc['keys'] as $v) {
        $key = isset($v['channel'])
            ? derive_channel_key($v['seed'], $v['site_key'], $v['channel'])
            : derive_v1_key($v['seed'], $v['site_key']);
        if (bin2hex($key) !== $v['key_hex']) {
            $failures[] = "key {$v['name']}: derived " . bin2hex($key);
        }
    }

    foreach ($doc['envelopes'] as $v) {
        $failures = array_merge($failures, check_envelope($v, hex2bin($v['key_hex'])));
    }

    foreach ($doc['signatures'] as $v) {
        if (!hash_equals(sign_publish($v['publish_secret'], $v['body'], $v['ts']), $v['signature'])) {
            $failures[] = "signature {$v['name']}: does not verify";
        }
    }

    foreach ($doc['failures'] as $v) {
        $key = hex2bin($v['key_hex']);
        try {
            $v['version'] === 1 ? open_v1($key, $v['message']) : open_v2($key, $v['channel'], $v['message']);
            $failures[] = "failure {$v['name']}: opened";
        } catch (CryptoFailure $e) {
            if ($e->failure !== $v['error']) {
                $failures[] = "failure {$v['name']}: expected {$v['error']}, got {$e->failure}";
            }
        }
    }

    return $failures;
}

/** Opens one envelope vector and compares what it holds. @return string[] failures */
function check_envelope(array $v, string $key): array
{
    try {
        $opened = $v['version'] === 1 ? open_v1($key, $v['message']) : open_v2($key, $v['channel'], $v['message']);
    } catch (CryptoFailure $e) {
        return ["envelope {$v['name']}: " . $e->getMessage()];
    }

    $failures = [];
    if ($opened['event'] !== $v['event']) {
        $failures[] = "envelope {$v['name']}: event " . json_encode($opened['event']);
    }
    if ($opened['data'] !== $v['data']) {
        $failures[] = "envelope {$v['name']}: data " . json_encode($opened['data']);
    }
    if ($v['version'] === 2 && isset($v['id']) && ($opened['id'] !== $v['id'] || $opened['ts'] !== $v['ts'])) {
        $failures[] = "envelope {$v['name']}: ts/id differ";
    }

    return $failures;
}

/** Checks what TypeScript sealed and signed, deriving every key itself. @return string[] failures */
function check_typescript(array $doc): array
{
    $failures = [];

    foreach ($doc['envelopes'] as $v) {
        $key = $v['version'] === 1
            ? derive_v1_key($v['seed'], $v['site_key'])
            : derive_channel_key($v['seed'], $v['site_key'], $v['channel']);
        $failures = array_merge($failures, check_envelope($v, $key));
    }

    foreach ($doc['signatures'] as $v) {
        if (!hash_equals(sign_publish($v['publish_secret'], $v['body'], $v['ts']), $v['signature'])) {
            $failures[] = "signature {$v['name']}: does not verify";
        }
    }

    return $failures;
}

function read_json(string $file): array
{
    $text = @file_get_contents($file);
    if ($text === false) {
        fail_usage("cannot read $file");
    }

    return json_decode($text, true, 512, JSON_THROW_ON_ERROR);
}

function fail_usage(string $message): void
{
    fwrite(STDERR, "$message\nusage: php vectors.php generate [file] | check [file] | verify-ts <file>\n");
    exit(2);
}

function report(string $what, int $count, array $failures): void
{
    foreach ($failures as $failure) {
        fwrite(STDERR, "FAIL $failure\n");
    }
    if ($failures !== []) {
        fwrite(STDERR, "$what: " . count($failures) . " failure(s)\n");
        exit(1);
    }

    echo "$what: $count vectors agree\n";
    exit(0);
}

function count_vectors(array $doc): int
{
    $count = 0;
    foreach (['keys', 'envelopes', 'signatures', 'failures'] as $section) {
        $count += count($doc[$section] ?? []);
    }

    return $count;
}

$mode = $argv[1] ?? '';
$file = $argv[2] ?? DEFAULT_FILE;

if ($mode === 'generate') {
    $doc = build_vectors();
    $json = json_encode($doc, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    file_put_contents($file, $json . "\n");
    report("generate $file", count_vectors($doc), check_shared($doc));
} elseif ($mode === 'check') {
    $committed = read_json($file);
    $fresh = json_decode(json_encode(build_vectors(), JSON_THROW_ON_ERROR), true);
    $failures = $committed === $fresh ? [] : ["$file differs from what vectors.php generates; run: npm run vectors -w @wordsocket/crypto"];
    report("check $file", count_vectors($committed), array_merge($failures, check_shared($committed)));
} elseif ($mode === 'verify-ts') {
    if (!isset($argv[2])) {
        fail_usage('verify-ts needs a file');
    }
    $doc = read_json($file);
    report("verify-ts $file", count($doc['envelopes']) + count($doc['signatures']), check_typescript($doc));
} else {
    fail_usage("unknown mode '$mode'");
}
