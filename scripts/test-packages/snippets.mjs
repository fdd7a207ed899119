// README snippets as a user copies them: the first JavaScript or TypeScript block that imports
// the package itself is its "main snippet". These helpers find it, list what it imports, and
// turn it into a CommonJS program (`require` in place of `import`, the body in an async
// function) so the same snippet runs both ways.

/** Every fenced js/ts block of a Markdown file, in order, with its language. */
export function codeBlocks(markdown) {
  const blocks = [];
  const fence = /^```(js|javascript|mjs|ts|typescript)\s*\n([\s\S]*?)^```\s*$/gm;

  for (const match of markdown.matchAll(fence)) {
    blocks.push({ lang: match[1].startsWith('t') ? 'ts' : 'js', code: match[2] });
  }

  return blocks;
}

/** The static imports of a snippet: `{ specifier, names, namespace }` per import line. */
export function staticImports(code) {
  const imports = [];
  const pattern = /^import\s+(type\s+)?([\s\S]*?)\s+from\s+['"]([^'"]+)['"];?\s*$/gm;

  for (const match of code.matchAll(pattern)) {
    if (match[1]) continue;

    const clause = match[2].trim();
    const named = /\{([\s\S]*)\}/.exec(clause);
    const names = named
      ? named[1]
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part && !part.startsWith('type '))
          .map((part) => {
            const [imported, local] = part.split(/\s+as\s+/);
            return { imported, local: local ?? imported };
          })
      : [];
    const namespace = /\*\s+as\s+(\w+)/.exec(clause)?.[1] ?? null;
    const defaultName = /^(\w+)\s*(,|$)/.exec(clause)?.[1] ?? null;

    imports.push({ line: match[0], specifier: match[3], names, namespace, defaultName });
  }

  return imports;
}

/** The main snippet of a README for `packageName`, or null when no block imports it. */
export function mainSnippet(markdown, packageName) {
  return (
    codeBlocks(markdown).find((block) =>
      staticImports(block.code).some(
        (entry) => entry.specifier === packageName || entry.specifier.startsWith(`${packageName}/`),
      ),
    ) ?? null
  );
}

/** The snippet as CommonJS: each import becomes a `require`, the rest runs in an async body. */
export function toCommonJs(code) {
  const imports = staticImports(code);
  let body = code;
  const requires = [];

  for (const entry of imports) {
    body = body.replace(entry.line, '');
    const source = JSON.stringify(entry.specifier);

    if (entry.namespace) requires.push(`const ${entry.namespace} = require(${source});`);
    if (entry.defaultName) requires.push(`const ${entry.defaultName} = require(${source});`);
    if (entry.names.length > 0) {
      const fields = entry.names.map(({ imported, local }) =>
        imported === local ? imported : `${imported}: ${local}`,
      );
      requires.push(`const { ${fields.join(', ')} } = require(${source});`);
    }
  }

  return [
    "'use strict';",
    ...requires,
    '(async () => {',
    body,
    '})().catch((error) => {',
    '  console.error(error);',
    '  process.exit(1);',
    '});',
    '',
  ].join('\n');
}
