// Jest loads its runtime outside its transform: plain CommonJS.
const { default: Runtime } = require('jest-runtime');

/**
 * Jest's runtime, knowing that tests may run side by side (`it.concurrent`).
 *
 * Jest refuses to load a module while no test code runs (a lazy `require` after the suite's tests
 * ended is a bug it reports). It marks test code as entered when a test or hook starts and as
 * left when one ends: with tests running side by side, the first to end marks it left while the
 * others still run, and their next first-time `require` (the service loads some modules on first
 * use; the OpenAPI checks load their compiled validators) fails. Here test code is left only once
 * every test and hook that entered it has ended.
 */
class SideBySideRuntime extends Runtime {
  #running = 0;

  enterTestCode() {
    this.#running += 1;
    super.enterTestCode();
  }

  leaveTestCode() {
    this.#running = Math.max(0, this.#running - 1);
    if (this.#running === 0) super.leaveTestCode();
  }
}

module.exports = SideBySideRuntime;
