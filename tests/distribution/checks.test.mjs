// The distribution checks catch what they claim to: each is run on a small fixture with known
// faults and on a clean one.
//
//   node --test tests/distribution/checks.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';

import { isCompatible } from '../../scripts/dist/check-licences.mjs';
import { jsTextDomainProblems } from '../../scripts/dist/check-plugin.mjs';
import { classify } from '../../scripts/dist/plugin.mjs';
import { mainSnippet, toCommonJs } from '../../scripts/test-packages/snippets.mjs';
import { removeDir, root, tempDir } from './support/processes.mjs';

const hasPhp = spawnSync('php', ['-v']).status === 0;

function fixture(files) {
  const dir = tempDir('wordsocket-check-fixture-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function reviewerCheck(dir) {
  const result = spawnSync('php', [join(root, 'scripts/dist/check-plugin.php'), dir], {
    encoding: 'utf8',
  });
  const lines = result.stdout.trim().split('\n');
  return { status: result.status, problems: lines.slice(0, -1), summary: JSON.parse(lines.at(-1)) };
}

const guard = "if ( ! defined( 'ABSPATH' ) ) {\n\texit;\n}\n";

describe('the licence check', () => {
  test('accepts permissive and GPLv2-compatible licences', () => {
    for (const licence of [
      'MIT',
      'ISC',
      'BSD-3-Clause',
      'GPL-2.0-or-later',
      '(MIT OR Apache-2.0)',
    ]) {
      assert.equal(isCompatible(licence), true, licence);
    }
  });

  test('refuses GPLv3-only-compatible, proprietary and missing licences', () => {
    for (const licence of [
      'Apache-2.0',
      'GPL-3.0-only',
      'UNLICENSED',
      'SEE LICENSE IN x',
      '',
      null,
    ]) {
      assert.equal(isCompatible(licence), false, String(licence));
    }
    assert.equal(isCompatible('MIT AND Apache-2.0'), false);
  });
});

describe('the zip file list', () => {
  test('ships runtime files, leaves dev files out, and stops on anything unknown', () => {
    const dir = fixture({
      'wordsocket.php': '<?php',
      'includes/A.php': '<?php',
      'build/a.js': '',
      'build/a.asset.php': '<?php',
      'build/a.js.map': '',
      'languages/wordsocket.pot': '',
      'js/a.ts': '',
      'tests/ATest.php': '<?php',
      'package.json': '{}',
      'phpunit.xml.dist': '',
      'notes.txt': '',
    });
    try {
      const { ship, unknown } = classify(dir);
      assert.deepEqual(ship, [
        'build/a.asset.php',
        'build/a.js',
        'includes/A.php',
        'languages/wordsocket.pot',
        'wordsocket.php',
      ]);
      assert.deepEqual(unknown, ['notes.txt']);
    } finally {
      removeDir(dir);
    }
  });
});

describe('the reviewer checks', { skip: hasPhp ? false : 'php is missing' }, () => {
  test('pass a clean plugin', () => {
    const dir = fixture({
      'wordsocket.php': `<?php\n/**\n * Plugin Name: X\n */\n\n${guard}echo esc_html__( 'Hi', 'wordsocket' );\n`,
      'uninstall.php': "<?php\nif ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {\n\texit;\n}\n",
      'includes/Rest.php': `<?php\nnamespace X;\n\nuse Y;\n\ndefined( 'ABSPATH' ) || exit;\n\nregister_rest_route( 'x/v1', '/a', array( 'methods' => 'GET', 'callback' => 'f', 'permission_callback' => '__return_true' ) );\nprintf( '<p>%s</p>', esc_html( $a ) );\necho 1 === $b ? 'x' : esc_attr( $c );\n`,
      'build/a.asset.php': "<?php return array('dependencies' => array(), 'version' => 'x');\n",
    });
    try {
      const result = reviewerCheck(dir);
      assert.deepEqual(result.problems, []);
      assert.equal(result.status, 0);
      assert.deepEqual(result.summary, {
        problems: 0,
        files: 4,
        gettext: 1,
        routes: 1,
        outputs: 3,
      });
    } finally {
      removeDir(dir);
    }
  });

  test('report each kind of fault with its file and line', () => {
    const dir = fixture({
      'a.php': `<?php\n${guard}echo $name;\n__( 'x', 'other' );\n_x( 'x', 'context' );\n_e( 'x', 'wordsocket' );\nregister_rest_route( 'x/v1', '/a', array( 'methods' => 'GET' ) );\nprintf( '<b>%s</b>', $c );\n?><?= $d ?>\n`,
      'b.php': '<?php\necho 1;\n',
      'uninstall.php': `<?php\n${guard}`,
      'build/x.asset.php': "<?php\necho 'x';\nreturn array();\n",
    });
    try {
      const result = reviewerCheck(dir);
      assert.equal(result.status, 1);
      assert.deepEqual(result.problems, [
        'a.php:5: output is not escaped: $name',
        "a.php:6: __() must use the text domain 'wordsocket' (found 'other')",
        "a.php:7: _x() must use the text domain 'wordsocket' (found none)",
        'a.php:8: _e() prints unescaped output; use esc_html_e',
        'a.php:9: register_rest_route() without a permission_callback',
        'a.php:10: printf() argument 2 is not escaped: $c',
        'a.php:11: output is not escaped: $d',
        'b.php:2: the first statement is not a ABSPATH guard: echo1;',
        'build/x.asset.php:1: a generated asset file must be a bare `return array(...)`',
        "uninstall.php:2: the first statement is not a WP_UNINSTALL_PLUGIN guard: if(!defined('ABSPATH')){exit;}",
      ]);
    } finally {
      removeDir(dir);
    }
  });
});

describe('the JS text domain check', () => {
  test('finds calls without the plugin text domain', () => {
    const dir = fixture({
      'admin/a.tsx': [
        "import { __, _n, sprintf } from '@wordpress/i18n';",
        "const a = __( 'Save', 'wordsocket' );",
        "const b = sprintf( __( 'Hi %s', 'default' ), name );",
        "const c = _n( 'one', 'many', n );",
        'const d = __(\'Has, a comma (and parens)\', "wordsocket");',
        '',
      ].join('\n'),
    });
    try {
      const { problems, calls } = jsTextDomainProblems(dir);
      assert.equal(calls, 4);
      assert.equal(problems.length, 2);
      assert.match(problems[0], /a\.tsx:3: __\(\) must use 'wordsocket' \(found 'default'\)/);
      assert.match(problems[1], /a\.tsx:4: _n\(\) must use 'wordsocket' \(found none\)/);
    } finally {
      removeDir(dir);
    }
  });
});

describe('README snippets', () => {
  const readme = [
    '# x',
    '```sh',
    'npm install x',
    '```',
    '```js',
    "import { other } from 'elsewhere';",
    '```',
    '```js',
    "import { a, b as c } from '@wordsocket/x';",
    "import * as Y from 'yjs';",
    'const value = await a(c, Y);',
    'console.log(value);',
    '```',
  ].join('\n');

  test('the main snippet is the first block importing the package', () => {
    const snippet = mainSnippet(readme, '@wordsocket/x');
    assert.equal(snippet.lang, 'js');
    assert.match(snippet.code, /^import \{ a, b as c \}/);
    assert.equal(mainSnippet(readme, '@wordsocket/none'), null);
  });

  test('becomes CommonJS with requires and an async body', () => {
    const cjs = toCommonJs(mainSnippet(readme, '@wordsocket/x').code);
    assert.match(cjs, /const Y = require\("yjs"\);/);
    assert.match(cjs, /const \{ a, b: c \} = require\("@wordsocket\/x"\);/);
    assert.match(cjs, /\(async \(\) => \{\n[\s\S]*await a\(c, Y\);/);
    assert.doesNotMatch(cjs, /^import /m);
  });
});
