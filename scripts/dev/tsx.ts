/** Arguments that run a TypeScript entry point with tsx under this Node, as `npm run` would. */
export function tsxArgs(entry: string, ...args: string[]): string[] {
  return [require.resolve('tsx/cli'), entry, ...args];
}
