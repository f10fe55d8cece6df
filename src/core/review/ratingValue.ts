/** The human check of a correction's quality (LEMA §3: excellent / good / poor). Plain data: the webviews see it too. */
export type RatingValue = 'excellent' | 'good' | 'poor';

export const RATING_VALUES: readonly RatingValue[] = ['excellent', 'good', 'poor'];
