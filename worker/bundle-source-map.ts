/**
 * The workflow bundle carries its source map inline (Temporal's worker requires one, to map
 * workflow stack traces to our sources). Webpack puts every source's full text in it too
 * (`sourcesContent`): two thirds of the map, which each worker holds in memory twice (the main
 * thread and the workflow thread each keep the bundle's text and its parsed map). The worker reads
 * that text only for `showStackTraceSources`, which we leave off; positions, file names and stack
 * traces need only the mappings.
 */
const INLINE_MAP = '//# sourceMappingURL=data:';
const BASE64 = 'base64,';

/** The bundle with its inline source map's `sourcesContent` left out; otherwise unchanged. */
export function withoutSourcesContent(code: string): string {
  const at = code.lastIndexOf(INLINE_MAP);
  const data = at < 0 ? -1 : code.indexOf(BASE64, at);
  if (data < 0) throw new Error('the workflow bundle has no inline source map');
  const start = data + BASE64.length;
  const map = JSON.parse(Buffer.from(code.slice(start).trimEnd(), 'base64').toString()) as {
    sourcesContent?: unknown;
  };
  delete map.sourcesContent;
  return `${code.slice(0, start)}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}
