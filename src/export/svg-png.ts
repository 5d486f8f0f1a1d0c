/**
 * An SVG drawn as a PNG, for Word processors that cannot show SVG (Word shows the SVG itself; the PNG is the
 * fallback the format requires). Text is set in the Roboto that pdfmake ships, so no system fonts are needed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
const ROBOTO = join(
  dirname(require.resolve('pdfmake/package.json')),
  'fonts',
  'Roboto',
  'Roboto-Regular.ttf',
);

export function pngOfSvg(svg: string, widthPx: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: widthPx },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: [ROBOTO], defaultFontFamily: 'Roboto' },
  });
  return resvg.render().asPng();
}
