/**
 * The global through which a suite's set-up file (test/helpers/suite-database.ts) hands the test
 * environment (test/helpers/node-environment.js, plain CommonJS, which reads the same name) what
 * to do once the suite's last hook has run.
 */
export const SUITE_END = '__oiPaymentsSuiteEnd';
