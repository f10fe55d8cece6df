/** The human check of a correction's quality (LEMA §3: excellent / good / poor). Plain data: the webviews see it too. */
export type RatingValue = 'excellent' | 'good' | 'poor';
