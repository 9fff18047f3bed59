// Jest loads global set-up outside its module mapper; tsx resolves our `.js` specifiers to `.ts`.
const { require: tsxRequire } = require('tsx/cjs/api');
module.exports = tsxRequire('./setup-resources.ts', __filename).default;
