import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack, type StackOptions } from './stack.js';

/**
 * A stack whose uploads are spooled in a temporary folder of their own (named from `prefix`), and
 * a finance operator signed in to it; `close` stops the stack and removes the folder.
 */
export async function startUploadStack(prefix: string, options: StackOptions = {}) {
  const uploadDir = await mkdtemp(join(tmpdir(), prefix));
  const stack: Stack = await startStack({
    ...options,
    configOverrides: { UPLOAD_TMP_DIR: uploadDir, ...options.configOverrides },
  });
  const operator = await stack.createOperator('FINANCE');
  const finance = await stack.adminLogin(operator.email, operator.password);
  return {
    uploadDir,
    stack,
    finance,
    async close() {
      await stack.close();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

/**
 * Finance uploads `file` as an SSLCOMMERZ TEST settlement report through the admin API (to the
 * import endpoint unless `path` names another under /api/v1/admin); answers the status and body.
 */
export async function uploadSslcommerzReport(
  apiUrl: string,
  finance: { cookie: string; csrfToken: string },
  file: { name: string; content: Buffer },
  path = '/settlements/imports',
) {
  const form = new FormData();
  form.set('gateway', 'sslcommerz');
  form.set('mode', 'TEST');
  form.set('file', new Blob([file.content]), file.name);
  const response = await fetch(`${apiUrl}/api/v1/admin${path}`, {
    method: 'POST',
    headers: { cookie: finance.cookie, 'x-csrf-token': finance.csrfToken },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}
