import type Sharp from 'sharp';

/** libvips loads with the first logo, not with every process. */
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('sharp') as typeof Sharp)(...args);
}

/**
 * An app's logo is decoded once, by its header first: an image over these limits is refused
 * before a single pixel is decoded (a 389 KB PNG of 10000 × 10000 pixels would take 1.6 GiB to
 * decode). One within them is scaled to what a document prints and re-encoded as a small PNG,
 * which is all a PDF ever embeds.
 */
export const LOGO_LIMITS = {
  /** Pixels in the image as sent: four megapixels is far more than any logo needs. */
  maxPixels: 4_000_000,
  /** Pixels along either side as sent. */
  maxSide: 4096,
  /** The stored image fits this box (four times the letterhead's 150 × 54 pt, for print). */
  box: [600, 216] as const,
};

export type NormalizedLogo = { png: Buffer; width: number; height: number } | { problem: string };

/** The stored form of a logo, or why it cannot be one. Never throws. */
export async function normalizeLogo(bytes: Buffer): Promise<NormalizedLogo> {
  let width: number;
  let height: number;
  try {
    const header = await sharp(bytes).metadata();
    if (header.format !== 'png' && header.format !== 'jpeg')
      return { problem: 'The logo must be a PNG or a JPEG' };
    width = header.width ?? 0;
    height = header.height ?? 0;
  } catch {
    return { problem: 'The logo is not an image that can be read' };
  }
  if (width < 1 || height < 1) return { problem: 'The logo is not an image that can be read' };
  if (width > LOGO_LIMITS.maxSide || height > LOGO_LIMITS.maxSide || width * height > LOGO_LIMITS.maxPixels) {
    return {
      problem:
        `The logo is ${width} × ${height} pixels; at most ${LOGO_LIMITS.maxSide} px a side and ` +
        `${LOGO_LIMITS.maxPixels.toLocaleString('en-US')} pixels are accepted`,
    };
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: LOGO_LIMITS.maxPixels, pages: 1 })
      .rotate()
      .resize({
        width: LOGO_LIMITS.box[0],
        height: LOGO_LIMITS.box[1],
        fit: 'inside',
        withoutEnlargement: true,
      })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch {
    return { problem: 'The logo is not an image that can be read' };
  }
}
