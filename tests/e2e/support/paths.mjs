import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const artifacts = join(repoRoot, 'artifacts/e2e');
export const pluginZip = join(repoRoot, 'dist/wordsocket.zip');
