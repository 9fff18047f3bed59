/**
 * Variables as a Docker Compose env file (`docker compose --env-file`). Each value is single-quoted,
 * which Compose takes literally: no `$` interpolation, no escapes. A PEM's line breaks are written
 * as `\n`, which the service's PEM settings turn back into line breaks (gateways/environment.ts).
 * A value Compose could not read back whole (a quote in it, a backslash before its closing quote,
 * a line break outside a PEM) is refused rather than written wrong.
 */
export function envFile(variables: Record<string, string>, heading: string[] = []): string {
  const lines = Object.entries(variables).map(([name, value]) => {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`${name} is not a variable name`);
    if (/[\r\n]/.test(value) && !value.includes('-----BEGIN')) {
      throw new Error(`${name} spans lines and is not a PEM: an env file cannot carry it`);
    }
    const oneLine = value.replace(/\r?\n/g, '\\n');
    if (oneLine.includes("'") || oneLine.endsWith('\\')) {
      throw new Error(`${name} holds a quote or ends with a backslash: Compose would misread it`);
    }
    return `${name}='${oneLine}'`;
  });
  return [...heading.map((line) => `# ${line}`), ...lines, ''].join('\n');
}
