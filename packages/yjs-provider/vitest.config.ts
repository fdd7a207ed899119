import { packageTestConfig } from '../../vitest.shared';

export default packageTestConfig('@wordsocket/yjs-provider');
