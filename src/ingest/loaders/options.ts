/** Options every loader accepts; only the loaders that recognise page images (PDF scans, images) use them. */
import type { OcrVocabulary } from '../../text/ocrCorrection.js';
import type { OcrOptions } from '../ocr/recognize.js';

export interface LoadOptions extends OcrOptions {
  /**
   * Clean reference vocabulary (syllables and syllable pairs of born-digital texts, see
   * buildOcrVocabulary) that recognised text is corrected against; without it only the
   * corrections that need no vocabulary are made.
   */
  vocabulary?: OcrVocabulary;
}
