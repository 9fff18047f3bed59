import { withoutSourcesContent } from '../../../worker/bundle-source-map';

const INLINE = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';

function bundle(map: object): string {
  return `var x = 1;\n${INLINE}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

function mapOf(code: string): Record<string, unknown> {
  const at = code.lastIndexOf(INLINE);
  return JSON.parse(Buffer.from(code.slice(at + INLINE.length).trim(), 'base64').toString());
}

describe('the workflow bundle’s inline source map', () => {
  const map = {
    version: 3,
    file: 'workflow-bundle.js',
    sources: ['webpack://oi/./workflows/payments/payment.ts'],
    sourcesContent: ['export async function paymentWorkflow() {}\n'.repeat(100)],
    mappings: 'AAAA,IAAI',
    names: [],
  };

  it('keeps the code, the sources and the mappings, and leaves out the sources’ text', () => {
    const stripped = withoutSourcesContent(bundle(map));
    expect(stripped.startsWith('var x = 1;\n')).toBe(true);
    const { sourcesContent, ...rest } = map;
    expect(sourcesContent).toBeDefined();
    expect(mapOf(stripped)).toEqual(rest);
    expect(stripped.length).toBeLessThan(bundle(map).length / 2);
  });

  it('refuses a bundle with no inline map (the worker could not map its stack traces)', () => {
    expect(() => withoutSourcesContent('var x = 1;\n')).toThrow('no inline source map');
  });
});
