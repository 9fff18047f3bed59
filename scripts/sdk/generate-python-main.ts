import { PYTHON_GENERATED_DIR, generatePythonSdk } from './generate-python.js';

/** `npm run sdk:generate:python`: rewrites the Python SDK's generated package from the OpenAPI document. */
async function main(): Promise<void> {
  const log = await generatePythonSdk();
  // The generator names what it left out (e.g. the PDF answer, the event union): the hand-written layer covers those.
  if (process.env.VERBOSE === '1') console.log(log);
  console.log(`wrote ${PYTHON_GENERATED_DIR}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
