// Jest loads global set-up outside its transform; tsx lets Node load our TypeScript here.
require('tsx/cjs');
module.exports = require('./setup-resources.ts').default;
