import { packageTestConfig } from '../../vitest.shared.ts';

export default packageTestConfig('@wordsocket/example-embed-node-http');
