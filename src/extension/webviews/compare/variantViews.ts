/** The comparison view and the blind review of a context, made on first use and disposed with it (no field of Context needed). */
import type { Context } from '../../context';
import { BlindReview } from './blindPanel';
import { CompareView } from './comparePanel';

export interface VariantViews {
  compare: CompareView;
  blind: BlindReview;
}

const made = new WeakMap<Context, VariantViews>();

export function variantViews(ctx: Context): VariantViews {
  let views = made.get(ctx);
  if (views === undefined) {
    views = { compare: ctx.track(new CompareView(ctx)), blind: ctx.track(new BlindReview(ctx)) };
    made.set(ctx, views);
  }
  return views;
}
