import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import {
  brandColor,
  DEFAULT_BRAND_COLOR,
  headingColor,
  INK,
  textOn,
} from '../../../platform/documents/brand.js';
import {
  calendarDate,
  compactLines,
  dateTimeInZone,
  dayInZone,
  money,
  percent,
} from '../../../platform/documents/format.js';
import { loadLogo, logoFormat } from '../../../platform/documents/logo.js';

/** What documents print for amounts, dates, rates and brand colours, and which logos they take. */
describe('document formatting', () => {
  it("prints amounts with their currency, instants in the company's zone, rates without float noise", () => {
    expect(money(123456789, 'BDT')).toBe('1,234,567.89 BDT');
    expect(calendarDate('2030-02-28')).toBe('28 Feb 2030');
    // 20:30 UTC is already the next day in Dhaka, and still the same one in London.
    const instant = new Date('2030-01-31T20:30:00Z');
    expect(dateTimeInZone(instant, 'Asia/Dhaka')).toBe('1 Feb 2030, 02:30 (Asia/Dhaka)');
    expect(dateTimeInZone(instant, 'Europe/London')).toBe('31 Jan 2030, 20:30 (Europe/London)');
    expect(dayInZone(instant, 'Asia/Dhaka')).toBe('1 Feb 2030');
    expect(dayInZone(new Date('2030-01-31T18:00:00Z'), 'Asia/Dhaka')).toBe('1 Feb 2030');
    expect(dayInZone(new Date('2030-01-31T17:59:59Z'), 'Asia/Dhaka')).toBe('31 Jan 2030');
    expect([percent(1500), percent(1250), percent(5), percent(10000)]).toEqual([
      '15%',
      '12.5%',
      '0.05%',
      '100%',
    ]);
  });

  it("keeps typed line breaks up to a field's line budget and runs the rest on", () => {
    expect(compactLines('বাড়ি ১২\nরোড ৫\nধানমন্ডি', 4)).toBe('বাড়ি ১২\nরোড ৫\nধানমন্ডি');
    expect(compactLines('a\r\nb\n\n\nc\nd\ne', 3)).toBe('a\nb\nc · d · e');
    expect(compactLines('one line', 1)).toBe('one line');
  });

  it('uses the brand colour where it reads, and the default for a missing or malformed one', () => {
    const brand = (color: string | null) => ({ name: 'App', color, logo: null });
    expect(brandColor(brand(null))).toBe(DEFAULT_BRAND_COLOR);
    expect(brandColor(brand('red'))).toBe(DEFAULT_BRAND_COLOR);
    expect(brandColor(brand('#0E7490'))).toBe('#0e7490');
    expect(textOn('#0e7490')).toBe('#ffffff');
    expect(textOn('#ffd400')).toBe(INK);
    expect(headingColor(brand('#0e7490'))).toBe('#0e7490');
    expect(headingColor(brand('#ffd400'))).toBe(INK);
  });
});

describe('app logos', () => {
  const png = PNG.sync.write(new PNG({ width: 2, height: 2 }));

  it('takes PNG and JPEG by their first bytes, nothing else', () => {
    expect(logoFormat(png)).toBe('png');
    expect(logoFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('jpeg');
    expect(logoFormat(Buffer.from('GIF89a'))).toBeNull();
    expect(logoFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('never fetches from a private address, another scheme or a malformed URL, and never throws', async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.setHeader('content-type', 'image/png');
      response.end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await loadLogo(`http://127.0.0.1:${port}/logo.png`)).toBeNull();
      expect(await loadLogo(`http://localhost:${port}/logo.png`)).toBeNull();
      expect(await loadLogo('http://169.254.169.254/latest/meta-data')).toBeNull();
      expect(await loadLogo('file:///etc/passwd')).toBeNull();
      expect(await loadLogo('not a url')).toBeNull();
      expect(await loadLogo(null)).toBeNull();
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});
