import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATED_DIR, generateSdkSources } from './generate.js';

/** `npm run sdk:generate`: rewrites sdk/src/generated/ from the OpenAPI document the API serves. */
async function main(): Promise<void> {
  const files = await generateSdkSources();
  await mkdir(GENERATED_DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(GENERATED_DIR, name), text);
    console.log(`wrote ${join(GENERATED_DIR, name)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
