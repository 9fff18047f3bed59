// Jest loads test environments outside its transform: plain CommonJS.
const vm = require('node:vm');
const { TestEnvironment } = require('jest-environment-node');

/**
 * Jest's Node environment, with V8's compiled code kept between the suites of one Jest worker.
 *
 * Every suite gets a fresh module registry, so each one compiles the same ~2,500 modules again
 * (the stack, Temporal, MikroORM, Koa, zod) through `vm.compileFunction`, which V8's own
 * compilation cache does not serve across contexts. Handing V8 the code cache it produced for the
 * same file and the same source the first time skips that compilation. V8 checks the cache
 * against the source and its own version and flags, and compiles afresh when it does not match,
 * so what runs is what would have run.
 */
const compileFunction = vm.compileFunction;
/** By file name: the source compiled (as Jest transformed it) and V8's code cache for it. */
const codeCaches = new Map();

vm.compileFunction = function compileFunctionWithCodeCache(code, params, options = {}) {
  const filename = options.filename;
  if (!filename || options.cachedData !== undefined || options.produceCachedData) {
    return compileFunction(code, params, options);
  }
  const cached = codeCaches.get(filename);
  if (cached && cached.code === code) {
    return compileFunction(code, params, { ...options, cachedData: cached.data });
  }
  const compiled = compileFunction(code, params, { ...options, produceCachedData: true });
  if (compiled.cachedData) codeCaches.set(filename, { code, data: compiled.cachedData });
  return compiled;
};

module.exports = TestEnvironment;
