import { randomBytes } from 'node:crypto';
import { newSealingKeyEntry } from '../../platform/sealing/secret-box.js';
import { testEnv } from './test-env.js';

/*
 * The secrets and the gateway store a suite's processes share, in a module of their own: a suite
 * that runs the CLI or the service's processes without a stack in process does not load the
 * stack's modules for them.
 */

/** A random pepper per test file: no secret the service could accept is written down anywhere. */
export const TEST_PEPPER = randomBytes(32).toString('base64url');
/** SEALING_KEYS for this run (global set-up draws it at random; a lone file draws its own). */
export const TEST_SEALING_KEYS = process.env[testEnv.sealingKeys] ?? newSealingKeyEntry('test');

export const STORE = { storeId: 'teststore01', storePassword: 'teststore01@ssl' };
