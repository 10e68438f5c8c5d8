/** Rasterises SVG to PNG with resvg, loading only the bundled font (no system fonts), so output is identical everywhere. */
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './font.js';

export interface PngImage {
  png: Buffer;
  width: number;
  height: number;
}

const OPTIONS: ResvgRenderOptions = {
  font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  fitTo: { mode: 'original' },
  logLevel: 'off',
};

/** Renders off the event loop (resvg's worker thread), so a busy bot keeps answering while an image is drawn. */
export async function svgToPng(svg: string): Promise<PngImage> {
  const image = await renderAsync(svg, OPTIONS);
  return { png: image.asPng(), width: image.width, height: image.height };
}
