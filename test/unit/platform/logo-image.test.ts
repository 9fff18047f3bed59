import sharp from 'sharp';
import { LOGO_LIMITS, normalizeLogo } from '../../../platform/documents/logo-image.js';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#0e7490' } })
    .png({ compressionLevel: 9 })
    .toBuffer();

describe('normalizeLogo', () => {
  it('refuses a PNG of 10000 × 10000 pixels by its header, without decoding it', async () => {
    const huge = await png(10_000, 10_000);
    expect(huge.length).toBeLessThan(512 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const result = await normalizeLogo(huge);
    expect(result).toEqual({ problem: expect.stringContaining('10000 × 10000 pixels') });
    // Decoding would take 300 MB (RGB); reading the header takes next to nothing.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses a side longer than the limit even under the pixel count', async () => {
    const result = await normalizeLogo(await png(LOGO_LIMITS.maxSide + 1, 10));
    expect('problem' in result).toBe(true);
  });

  it('re-encodes a large logo as a small PNG that fits the letterhead at print resolution', async () => {
    const result = await normalizeLogo(await png(2000, 800));
    if (!('png' in result)) throw new Error(result.problem);
    expect([result.width, result.height]).toEqual([540, 216]);
    const meta = await sharp(result.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 540, 216]);
  });

  it('turns a JPEG into a PNG and never enlarges a small logo', async () => {
    const jpeg = await sharp({ create: { width: 120, height: 40, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const result = await normalizeLogo(jpeg);
    if (!('png' in result)) throw new Error(result.problem);
    expect([result.width, result.height]).toEqual([120, 40]);
    expect((await sharp(result.png).metadata()).format).toBe('png');
  });

  it('refuses what is not a PNG or a JPEG', async () => {
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect(await normalizeLogo(gif)).toEqual({ problem: 'The logo must be a PNG or a JPEG' });
    expect(await normalizeLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({
      problem: expect.any(String),
    });
    const truncated = (await png(300, 300)).subarray(0, 60);
    expect('problem' in (await normalizeLogo(truncated))).toBe(true);
  });
});
