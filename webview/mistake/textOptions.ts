import type { MistakeData } from '../../src/shared/protocol';
import type { PieceOptions } from './pieces';

/** GSM8K writes money with `$`; every other task writes LaTeX with it. */
export function textOptions(mistake: MistakeData): PieceOptions {
  return { dollarMath: mistake.task !== 'gsm8k' };
}
