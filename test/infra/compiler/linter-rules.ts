/**
 * The linter rules infra/bicepconfig.json must raise to errors (the issue names the first four).
 * Bicep ignores rule names it does not know, so fixtures/lint-violations.bicep breaks each of them
 * and the tests check that the compiler reports every one as an error.
 */
export const LINTER_RULES_THAT_MUST_FAIL = [
  'secure-parameter-default',
  'no-hardcoded-env-urls',
  'use-recent-api-versions',
  'no-unused-params',
  'no-unused-vars',
  'outputs-should-not-contain-secrets',
  'secure-secrets-in-params',
  'use-secure-value-for-secure-inputs',
  'protect-commandtoexecute-secrets',
  'no-hardcoded-location',
  'adminusername-should-not-be-literal',
];
