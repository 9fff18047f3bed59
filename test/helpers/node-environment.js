// Jest loads test environments outside its transform: plain CommonJS.
const { createHash } = require('node:crypto');
const { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { TestEnvironment } = require('jest-environment-node');

/**
 * Jest's Node environment, with V8's compiled code kept between suites.
 *
 * Every suite gets a fresh module registry, so each one compiles the same ~2,800 modules again
 * (the stack, Temporal, MikroORM, Koa, zod) through `vm.compileFunction`, which V8's own
 * compilation cache does not serve across contexts. Handing V8 the code cache it produced for the
 * same source skips that compilation. The caches are kept in memory for the suites of one Jest
 * worker and on disk (`.cache/v8-code`) for the next worker and the next run. V8 checks a cache
 * against the source, its own version and its flags, and compiles afresh when it does not match,
 * so what runs is what would have run.
 */
const CACHE_DIR = path.resolve(__dirname, '..', '..', '.cache', 'v8-code');
const compileFunction = vm.compileFunction;
/** By file name: the source compiled (as Jest transformed it) and V8's code cache for it. */
const codeCaches = new Map();

function cacheFile(filename, code) {
  // V8 takes only its own version's caches: Node 20 and Node 24 runs keep theirs apart.
  const key = createHash('sha1')
    .update(process.versions.v8)
    .update('\0')
    .update(filename)
    .update('\0')
    .update(code)
    .digest('hex');
  return path.join(CACHE_DIR, key.slice(0, 2), `${key}.bin`);
}

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file, data) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Other Jest workers may write the same file: each writes its own, then renames it into place.
    const written = `${file}.${process.pid}`;
    writeFileSync(written, data);
    renameSync(written, file);
  } catch {
    // A cache that cannot be written only costs the next suite a compilation.
  }
}

vm.compileFunction = function compileFunctionWithCodeCache(code, params, options = {}) {
  const filename = options.filename;
  if (!filename || options.cachedData !== undefined || options.produceCachedData) {
    return compileFunction(code, params, options);
  }
  const known = codeCaches.get(filename);
  if (known && known.code === code) {
    return compileFunction(code, params, { ...options, cachedData: known.data });
  }
  const file = cacheFile(filename, code);
  const stored = readCache(file);
  if (stored) {
    const compiled = compileFunction(code, params, { ...options, cachedData: stored });
    if (!compiled.cachedDataRejected) {
      codeCaches.set(filename, { code, data: stored });
      return compiled;
    }
  }
  const compiled = compileFunction(code, params, { ...options, produceCachedData: true });
  if (compiled.cachedData) {
    codeCaches.set(filename, { code, data: compiled.cachedData });
    writeCache(file, compiled.cachedData);
  }
  return compiled;
};

// Jest's own test timeouts are wall-clock deadlines too: no test or hook gives up before the
// waits inside it reach their hang guard (test/helpers/patience.ts, which holds the figure).
const TEST_TIMEOUT_FLOOR_MS = 300_000;

/** The name test/helpers/suite-end.ts gives the function the suite's set-up file leaves there. */
const SUITE_END = '__oiPaymentsSuiteEnd';

/**
 * Node's environment, with every test's and hook's timeout raised to the floor: a timeout written
 * beside a test says how long a quiet machine takes, and a loaded one must not fail it for being
 * slow.
 */
class PatientEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.suitePath = context.testPath;
    this.cpuAtStart = process.cpuUsage();
    this.childrenCpuAtStart = childrenCpuMs();
  }

  async teardown() {
    await super.teardown();
    const children = childrenCpuMs();
    recordSuiteCpu(
      this.suitePath,
      process.cpuUsage(this.cpuAtStart),
      children === null || this.childrenCpuAtStart === null ? null : children - this.childrenCpuAtStart,
    );
  }

  async handleTestEvent(event, state) {
    const block = state.currentDescribeBlock;
    if (event.name === 'add_test') raiseTimeout(block.children[block.children.length - 1]);
    if (event.name === 'add_hook') raiseTimeout(block.hooks[block.hooks.length - 1]);
    if (event.name === 'run_finish') await this.endSuite(state);
  }

  /**
   * What the suite's set-up file left to do once its last hook has run: every `afterAll` of the
   * test file, at any depth, has closed its stacks by now. Jest awaits this before it reports the
   * suite, and an error here fails the suite as an error outside any test does.
   */
  async endSuite(state) {
    const end = this.global[SUITE_END];
    if (typeof end !== 'function') return;
    try {
      await end();
    } catch (error) {
      state.unhandledErrors.push(error);
    }
  }
}

/** Clock ticks per second in /proc (USER_HZ): 100 on Linux everywhere it runs. */
const TICKS_PER_SECOND = 100;

/**
 * The CPU of the processes this one started and has reaped, and of theirs they reaped (Linux's
 * cutime and cstime in /proc/self/stat), in ms; null where /proc is not there.
 */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The fields after the command's name, which is in parentheses and may hold spaces: state is
    // the third field, cutime and cstime the sixteenth and seventeenth.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * With SUITE_CPU_FILE set, each suite's CPU as one JSON line: in the Jest process (`cpuMs`: module
 * loading, the stack it runs in process, its tests) and in the processes it started and saw end
 * (`childrenCpuMs`: the CLI, the service's processes, the SDKs' commands, Chromium; not what
 * outlived the suite or was left to another parent). Where a run's CPU goes, suite by suite
 * (docs/testing.md).
 */
function recordSuiteCpu(suitePath, { user, system }, childrenMs) {
  const file = process.env.SUITE_CPU_FILE;
  if (!file) return;
  const suite = path.relative(path.resolve(__dirname, '..', '..'), suitePath);
  const line = { suite, cpuMs: Math.round((user + system) / 1000), childrenCpuMs: childrenMs };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

function raiseTimeout(entry) {
  if (entry && entry.timeout !== undefined && entry.timeout < TEST_TIMEOUT_FLOOR_MS)
    entry.timeout = TEST_TIMEOUT_FLOOR_MS;
}

module.exports = PatientEnvironment;
