import path from 'node:path';
import { packNodeSdk } from './pack.js';

// `npm run sdk:pack`: builds and packs the Node SDK into dist/sdk, where the service serves it.
const manifest = packNodeSdk(path.resolve(__dirname, '..', '..'));
console.log(`packed ${manifest.filename} (${manifest.integrity})`);
