import { packageTestConfig } from '../../vitest.shared';

export default packageTestConfig('@wordsocket/example-embed-node-http');
