/** Whose document it is: the app's name, colour and logo, as its customers know them. */
export interface DocumentBrand {
  name: string;
  /** '#rrggbb'; null for the neutral default. */
  color: string | null;
  /** PNG or JPEG bytes (see logo.ts); null draws the name alone. */
  logo: Buffer | null;
}

/** Body text, secondary text, hairlines and panel fills. */
export const INK = '#1a1f2b';
export const MUTED = '#5b6472';
export const RULE = '#d5d9e0';
export const PANEL = '#f3f5f8';

/** A dark, neutral blue for apps that set no colour of their own. */
export const DEFAULT_BRAND_COLOR = '#1f3a5f';

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The app's colour when it is a well-formed '#rrggbb', else the default. */
export function brandColor(brand: DocumentBrand): string {
  return brand.color && HEX_COLOR.test(brand.color) ? brand.color.toLowerCase() : DEFAULT_BRAND_COLOR;
}

/** WCAG relative luminance of a '#rrggbb' colour (0 black … 1 white). */
function luminance(color: string): number {
  const channel = (offset: number) => {
    const value = parseInt(color.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** Text on a background of this colour: white on dark colours, ink on light ones. */
export function textOn(background: string): string {
  const light = luminance(background);
  return contrast(1, light) >= contrast(light, luminance(INK)) ? '#ffffff' : INK;
}

/**
 * The brand colour for headings on white paper, unless it is too pale to read there (a yellow,
 * a pastel), when headings fall back to ink; the colour then still marks bars and fills.
 */
export function headingColor(brand: DocumentBrand): string {
  const color = brandColor(brand);
  return contrast(1, luminance(color)) >= 3 ? color : INK;
}
