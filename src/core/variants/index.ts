/** Correction variants of a run: defining them, comparing them, and blind votes between them. */
export { findVariant, variantId, variantLabel, variantOf, type Variant, type VariantRecord } from './variant';
export { readVariants } from './readVariants';
export { recordVariant, variantPlan, type VariantRequest } from './variantPlan';
export { VariantComparison, type CellMistake } from './compare';
export type { ComparisonReport, PairCell, PairRow, VariantRow } from './compareReport';
export { loadComparison, type LoadComparisonOptions } from './loadComparison';
export { pairKey, preferenceRecord, PreferenceVotes, shownOrder, type PreferenceChoice, type PreferenceRecord, type Vote } from './preferences';
