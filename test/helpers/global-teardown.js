const { require: tsxRequire } = require('tsx/cjs/api');
module.exports = tsxRequire('./teardown-resources.ts', __filename).default;
