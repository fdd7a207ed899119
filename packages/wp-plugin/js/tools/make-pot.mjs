#!/usr/bin/env node
// Writes languages/wordsocket.pot from the plugin's PHP (wordsocket.php, includes/) and the admin
// app's sources (js/), without wp-cli: a small scanner for the gettext calls WordPress and
// @wordpress/i18n share (__, _e, _x, _n, _nx and the esc_* forms) whose text domain is
// `wordsocket`, with `translators:` comments. The output has no timestamp, so the same sources
// give the same file.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const DOMAIN = 'wordsocket';

/** Argument positions of each function: text, plural, context, domain. */
const functions = {
  __: { text: 0, domain: 1 },
  _e: { text: 0, domain: 1 },
  esc_html__: { text: 0, domain: 1 },
  esc_html_e: { text: 0, domain: 1 },
  esc_attr__: { text: 0, domain: 1 },
  esc_attr_e: { text: 0, domain: 1 },
  _x: { text: 0, context: 1, domain: 2 },
  _ex: { text: 0, context: 1, domain: 2 },
  esc_html_x: { text: 0, context: 1, domain: 2 },
  esc_attr_x: { text: 0, context: 1, domain: 2 },
  _n: { text: 0, plural: 1, domain: 3 },
  _nx: { text: 0, plural: 1, context: 3, domain: 4 },
};

const callPattern = new RegExp(`(?<![\\w$>:])(${Object.keys(functions).join('|')})\\s*\\(`, 'g');

function files(dir, extensions) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'tools' && name !== 'node_modules') found.push(...files(path, extensions));
    } else if (extensions.some((extension) => name.endsWith(extension))) {
      found.push(path);
    }
  }
  return found;
}

/** Reads a quoted string literal at `start`; returns its value and the index after it. */
function readString(source, start, php) {
  const quote = source[start];
  let value = '';
  let index = start + 1;
  while (index < source.length && source[index] !== quote) {
    const char = source[index];
    if (char === '\\') {
      const next = source[index + 1];
      if (php && quote === "'") {
        value += next === "'" || next === '\\' ? next : `\\${next}`;
      } else {
        value += { n: '\n', t: '\t', r: '\r' }[next] ?? next;
      }
      index += 2;
    } else {
      value += char;
      index += 1;
    }
  }
  return { value, end: index + 1 };
}

/** The call's arguments from after its `(`: string literals as strings, anything else null. */
function readArguments(source, start, php) {
  const args = [];
  let current = null;
  let other = false;
  let depth = 0;
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === "'" || char === '"') {
      const { value, end } = readString(source, index, php);
      if (depth === 0) current = current === null && !other ? value : null;
      index = end;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth += 1;
    if ((char === ')' || char === ']' || char === '}') && depth > 0) depth -= 1;
    else if (char === ')' && depth === 0) {
      args.push(other ? null : current);
      return args;
    } else if (char === ',' && depth === 0) {
      args.push(other ? null : current);
      current = null;
      other = false;
    } else if (depth > 0 || !/\s/.test(char)) {
      other = true;
    }
    index += 1;
  }
  return args;
}

/** A `translators:` comment ending on the lines just above `offset`. */
function translatorComment(source, offset) {
  const before = source.slice(Math.max(0, offset - 400), offset);
  const match = /(?:\/\*\s*translators:([\s\S]*?)\*\/|\/\/\s*translators:(.*))\s*[^\n]*$/.exec(
    before,
  );
  return match ? `translators: ${(match[1] ?? match[2]).trim()}` : '';
}

function poString(text) {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
}

const entries = new Map();
const sources = [
  join(root, 'wordsocket.php'),
  ...files(join(root, 'includes'), ['.php']),
  ...files(join(root, 'js'), ['.ts', '.tsx']),
];

for (const path of sources) {
  const source = readFileSync(path, 'utf8');
  const php = path.endsWith('.php');
  const file = relative(root, path);

  for (const match of source.matchAll(callPattern)) {
    const spec = functions[match[1]];
    const args = readArguments(source, match.index + match[0].length, php);
    if (args[spec.domain] !== DOMAIN || typeof args[spec.text] !== 'string') continue;

    const context = spec.context === undefined ? '' : (args[spec.context] ?? '');
    const key = `${context}\u0004${args[spec.text]}`;
    const line = source.slice(0, match.index).split('\n').length;
    const entry = entries.get(key) ?? {
      context,
      text: args[spec.text],
      plural: spec.plural === undefined ? undefined : args[spec.plural],
      references: [],
      comments: new Set(),
    };
    entry.references.push(`${file}:${line}`);
    const comment = translatorComment(source, match.index);
    if (comment) entry.comments.add(comment);
    entries.set(key, entry);
  }
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const header = [
  '# Copyright (C) WordSocket',
  '# This file is distributed under the GPL-2.0-or-later.',
  'msgid ""',
  'msgstr ""',
  `"Project-Id-Version: WordSocket ${pkg.version}\\n"`,
  '"MIME-Version: 1.0\\n"',
  '"Content-Type: text/plain; charset=UTF-8\\n"',
  '"Content-Transfer-Encoding: 8bit\\n"',
  '"Language-Team: LANGUAGE <LL@li.org>\\n"',
  '"X-Domain: wordsocket\\n"',
  '',
];

const body = [];
for (const entry of entries.values()) {
  for (const comment of entry.comments) body.push(`#. ${comment}`);
  body.push(`#: ${entry.references.join(' ')}`);
  if (entry.context) body.push(`msgctxt "${poString(entry.context)}"`);
  body.push(`msgid "${poString(entry.text)}"`);
  if (entry.plural) {
    body.push(`msgid_plural "${poString(entry.plural)}"`, 'msgstr[0] ""', 'msgstr[1] ""');
  } else {
    body.push('msgstr ""');
  }
  body.push('');
}

writeFileSync(join(root, 'languages/wordsocket.pot'), `${[...header, ...body].join('\n')}`);
process.stdout.write(`languages/wordsocket.pot: ${entries.size} strings\n`);
