import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildOpenApiDocument } from '../../api/openapi/document.js';
import { appDocument } from './generate-python.js';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/** Where the PHP SDK keeps its generated models (namespace OiPayments\Generated); nothing there is edited by hand. */
export const PHP_GENERATED_DIR = join(root, 'sdk/php/src/Generated');

/**
 * OpenAPI Generator 7.26.0, installed from PyPI (openapi-generator-cli, which bundles the jar) into
 * .tools/openapi-generator by scripts/install-tools.mjs; run with the machine's Java (17 or later).
 */
export const PHP_GENERATOR_JAR = join(
  root,
  '.tools/openapi-generator/openapi_generator_cli/openapi-generator.jar',
);

/** As in generate.ts: a fixed address keeps the generated files the same on every machine. */
const DOCUMENT_URL = 'http://localhost:3000';

/**
 * The supporting files the models need, and no more: the API classes, Configuration's HTTP
 * settings and the rest of the generated client are Guzzle's; the SDK's own client (ext-curl)
 * sends the requests. Configuration is kept only because ObjectSerializer's query helpers name it.
 */
const SUPPORTING_FILES = [
  'ObjectSerializer.php',
  'Configuration.php',
  'ModelInterface.php',
  'OneOfInterface.php',
  'AnyOfInterface.php',
];

/**
 * ObjectSerializer's stream and file branches (for binary answers) are the one place the generated
 * models reach Guzzle (GuzzleHttp\Psr7\Utils::streamFor). No model has a binary property (the
 * invoice PDF is an answer, not a model field), so the SDK drops those branches and the import:
 * the models then need only PHP 8.1 and ext-json, with nothing from Packagist. The generator's
 * own template is used otherwise; a change in it that moves these lines fails the generation here
 * rather than shipping Guzzle back in.
 */
function withoutGuzzle(serializer: string): string {
  const useLine = 'use GuzzleHttp\\Psr7\\Utils;\n';
  const branches =
    /( {8})if \(\$class === '\\Psr\\Http\\Message\\StreamInterface'\) \{\n[\s\S]*?return new \\SplFileObject\(\$filename, 'r'\);\n {8}\}\n/;
  if (!serializer.includes(useLine) || !branches.test(serializer)) {
    throw new Error(
      'ObjectSerializer.php no longer has the Guzzle stream branches this script removes: review generate-php.ts',
    );
  }
  const stripped = serializer.replace(useLine, '').replace(
    branches,
    `$1// Binary answers are not models: the OI Payments SDK reads them itself (no Guzzle streams here).
$1if ($class === '\\Psr\\Http\\Message\\StreamInterface' || $class === '\\SplFileObject') {
$1    throw new \\InvalidArgumentException("$class is not deserialized by the generated models");
$1}
`,
  );
  if (/Utils::|use GuzzleHttp/.test(stripped)) throw new Error('ObjectSerializer.php still calls Guzzle');
  return stripped;
}

/**
 * Writes the generated models from the document the API serves into `outputDir` (by default
 * sdk/php/src/Generated/, replacing what is there); answers the generator's log.
 */
export async function generatePhpSdk(outputDir = PHP_GENERATED_DIR): Promise<string> {
  if (!existsSync(PHP_GENERATOR_JAR)) {
    throw new Error(
      `${PHP_GENERATOR_JAR} is missing: run \`node scripts/install-tools.mjs\` (npm install runs it) to install OpenAPI Generator`,
    );
  }
  const folder = await mkdtemp(join(tmpdir(), 'oi-sdk-php-'));
  try {
    await writeFile(
      join(folder, 'openapi.json'),
      JSON.stringify(appDocument(buildOpenApiDocument(DOCUMENT_URL))),
    );
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    const { stdout, stderr } = await run(
      java,
      [
        '-jar',
        PHP_GENERATOR_JAR,
        'generate',
        '--generator-name',
        'php-nextgen',
        '--input-spec',
        join(folder, 'openapi.json'),
        '--output',
        join(folder, 'out'),
        '--global-property',
        `models,modelDocs=false,modelTests=false,supportingFiles=${SUPPORTING_FILES.join(':')}`,
        '--additional-properties',
        [
          'invokerPackage=OiPayments\\Generated',
          'srcBasePath=src',
          // The API's own names (amountMinor, deliveryStatus), as getters and array keys alike.
          'variableNamingConvention=camelCase',
          'hideGenerationTimestamp=true',
        ].join(','),
      ],
      { cwd: folder, maxBuffer: 64 << 20 },
    );
    const serializer = join(folder, 'out', 'src', 'ObjectSerializer.php');
    await writeFile(serializer, withoutGuzzle(await readFile(serializer, 'utf8')));
    await rm(outputDir, { recursive: true, force: true });
    await cp(join(folder, 'out', 'src'), outputDir, { recursive: true });
    return `${stdout}${stderr}`;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
