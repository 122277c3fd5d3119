/**
 * The environment variable the test launchers set. Only then does the extension export its test
 * hooks (`LeverageApi`): other extensions in a user's window get nothing from `activate`.
 */
export const TEST_HOOKS_ENV = 'LEVERAGE_TEST_HOOKS';
