import { packageTestConfig } from '../../vitest.shared';

export default packageTestConfig('@wordsocket/example-theme-page');
