/** Environment variables through which global set-up hands its resources to the test files. */
export const testEnv = {
  /** This suite's database (test/helpers/suite-database.ts). */
  databaseUrl: 'OI_TEST_DATABASE_URL',
  databaseName: 'OI_TEST_DATABASE_NAME',
  /** The run's migrated database, which every suite's and scratch database is cloned from. */
  templateName: 'OI_TEST_TEMPLATE_DATABASE',
  adminUrl: 'OI_TEST_DATABASE_ADMIN_URL',
  temporalAddress: 'OI_TEST_TEMPORAL_ADDRESS',
  workflowBundle: 'OI_TEST_WORKFLOW_BUNDLE',
  /** The service's sources compiled once for the run (test/helpers/compiled-tree.ts). */
  compiledTree: 'OI_TEST_COMPILED_TREE',
  /** SEALING_KEYS drawn at random for the run, shared by every suite on the shared database. */
  sealingKeys: 'OI_TEST_SEALING_KEYS',
};

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (global set-up provides it)`);
  return value;
}
