import { packageTestConfig } from '../../vitest.shared.ts';

export default packageTestConfig('@wordsocket/wp-plugin', {
  test: { include: ['tests/js/**/*.test.ts'] },
});
