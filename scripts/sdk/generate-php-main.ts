import { PHP_GENERATED_DIR, generatePhpSdk } from './generate-php.js';

/** `npm run sdk:generate:php`: rewrites the PHP SDK's generated models from the OpenAPI document. */
async function main(): Promise<void> {
  const log = await generatePhpSdk();
  if (process.env.VERBOSE === '1') console.log(log);
  console.log(`wrote ${PHP_GENERATED_DIR}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
