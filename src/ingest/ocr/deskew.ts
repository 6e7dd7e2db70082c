/**
 * Deskew: a scanned page is rarely square on the glass. The skew angle is found with a projection
 * profile — dark pixels are summed along lines tilted by a candidate angle; when the tilt matches the
 * text lines, the rows of ink and the gaps between them separate sharply and the sum of squared row
 * totals peaks — then the page is rotated back so that Tesseract reads straight lines.
 */
import sharp from 'sharp';

/** A greyscale image, one byte a pixel, rows top to bottom. */
export interface GreyImage {
  pixels: Uint8Array;
  width: number;
  height: number;
}

export interface SkewSearch {
  /** Largest skew looked for, in degrees either way (default 5). */
  maxDegrees?: number;
  /** Final precision in degrees (default 0.05). */
  precision?: number;
}

/** Otsu's threshold: the grey level that best separates ink from paper. */
function otsuThreshold(pixels: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (const value of pixels) histogram[value] = (histogram[value] ?? 0) + 1;
  const total = pixels.length;
  let sumAll = 0;
  for (let level = 0; level < 256; level++) sumAll += level * (histogram[level] ?? 0);
  let sumBelow = 0;
  let weightBelow = 0;
  let best = 128;
  let bestVariance = -1;
  for (let level = 0; level < 256; level++) {
    weightBelow += histogram[level] ?? 0;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += level * (histogram[level] ?? 0);
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level;
    }
  }
  return best;
}

/** Coordinates of the ink pixels (darker than the Otsu threshold). */
function inkPoints(image: GreyImage): { xs: Float64Array; ys: Float64Array } {
  const threshold = otsuThreshold(image.pixels);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) {
      if ((image.pixels[row + x] ?? 255) <= threshold) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

function profileScore(xs: Float64Array, ys: Float64Array, height: number, width: number, degrees: number): number {
  const slope = Math.tan((degrees * Math.PI) / 180);
  const offset = Math.ceil(Math.abs(slope) * width) + 1;
  const bins = new Float64Array(height + 2 * offset + 1);
  for (let index = 0; index < xs.length; index++) {
    const row = Math.round((ys[index] ?? 0) - (xs[index] ?? 0) * slope) + offset;
    bins[row] = (bins[row] ?? 0) + 1;
  }
  let score = 0;
  for (let row = 1; row < bins.length; row++) score += ((bins[row] ?? 0) - (bins[row - 1] ?? 0)) ** 2;
  return score;
}

/**
 * The skew of the text lines in degrees, clockwise on screen positive (lines falling to the right);
 * rotating the page by minus this angle straightens it. 0 for a page with too little ink to tell.
 */
export function estimateSkew(image: GreyImage, search: SkewSearch = {}): number {
  const maxDegrees = search.maxDegrees ?? 5;
  const precision = search.precision ?? 0.05;
  const { xs, ys } = inkPoints(image);
  if (xs.length < 200 || xs.length > image.pixels.length * 0.5) return 0;
  const score = (degrees: number): number => profileScore(xs, ys, image.height, image.width, degrees);
  let best = 0;
  let bestScore = score(0);
  let step = 0.5;
  let low = -maxDegrees;
  let high = maxDegrees;
  while (step >= precision * 0.999) {
    for (let degrees = low; degrees <= high + 1e-9; degrees += step) {
      const value = score(degrees);
      if (value > bestScore) {
        bestScore = value;
        best = degrees;
      }
    }
    low = best - step;
    high = best + step;
    step /= 4;
  }
  return Math.round(best / precision) * precision;
}

export interface PreparedPage {
  /** The page straightened, as a binary greyscale PGM (P5) that Tesseract reads without decoding cost. */
  pgm: Buffer;
  /** The skew found, in degrees (the page was rotated back by this much). */
  skewDegrees: number;
  width: number;
  height: number;
}

/** Width the skew is measured at: enough for text lines to be told apart, small enough to be fast. */
const ANALYSIS_WIDTH = 1000;
/** Below this the page is left as it is: rotating costs a resampling for no gain. */
const NEGLIGIBLE_SKEW = 0.1;

/**
 * Greyscale, straighten and encode one image: an encoded file (PNG, JPEG, TIFF ...; `page` picks the
 * page of a multi-page TIFF) or greyscale pixels already decoded (a PDF page rendered by pdftoppm).
 */
export async function preparePage(image: Buffer | GreyImage, page = 0, deskew = true): Promise<PreparedPage> {
  const source = Buffer.isBuffer(image)
    ? sharp(image, { page, limitInputPixels: 20000 * 20000 })
    : sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 }, limitInputPixels: 20000 * 20000 });
  const grey = source.greyscale();
  const metadata = await grey.metadata();
  const width = metadata.width ?? 0;
  const scale = width > ANALYSIS_WIDTH ? ANALYSIS_WIDTH / width : 1;
  const small = await grey
    .clone()
    .resize({ width: Math.max(1, Math.round(width * scale)), kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const skewDegrees = deskew ? estimateSkew({ pixels: small.data, width: small.info.width, height: small.info.height }) : 0;
  const straightened = Math.abs(skewDegrees) >= NEGLIGIBLE_SKEW ? grey.clone().rotate(-skewDegrees, { background: '#ffffff' }) : grey.clone();
  const { data, info } = await straightened.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  const pixels = channels === 1 ? data : Buffer.from(Uint8Array.from({ length: info.width * info.height }, (_, index) => data[index * channels] ?? 255));
  const header = Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1');
  return { pgm: Buffer.concat([header, pixels]), skewDegrees, width: info.width, height: info.height };
}
