require('tsx/cjs');
module.exports = require('./teardown-resources.ts').default;
