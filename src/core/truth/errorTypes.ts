/**
 * The fixed set of error types a correction's explanation is filed under (issue: step-level truth).
 * Plain data with no runtime imports, so the webviews type-check against it. The order is the order
 * every chart, list and key table shows.
 */
export const ERROR_TYPES = ['calculation', 'misread', 'operation', 'skipped', 'unit', 'logic', 'other'] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** What each type means, as the README, the dropdown and the key list say it. */
export const ERROR_TYPE_INFO: Readonly<Record<ErrorType, { label: string; key: string; means: string }>> = {
  calculation: { label: 'Calculation', key: 'c', means: 'an arithmetic or algebra slip: the right operation on the right numbers, computed wrongly' },
  misread: { label: 'Misread the question', key: 'q', means: 'a number, quantity or condition of the question taken wrongly, or the wrong thing asked for' },
  operation: { label: 'Wrong operation or formula', key: 'f', means: 'the wrong operation (adding where it should subtract) or a wrong formula' },
  skipped: { label: 'Missing or skipped step', key: 's', means: 'a needed step or part of the question left out' },
  unit: { label: 'Unit or conversion', key: 'n', means: 'units mixed, or a conversion (minutes to hours, percent to fraction) wrong' },
  logic: { label: 'Logic (invalid inference)', key: 'l', means: 'a conclusion that does not follow, a wrong case split, a circular or unjustified step' },
  other: { label: 'Other', key: 'o', means: 'none of the above, or the explanation does not say' },
};

/** Where the error type in force came from: a researcher, the model's classification, or the rules. */
export type ErrorTypeSource = 'human' | 'model' | 'rules';

export function isErrorType(v: unknown): v is ErrorType {
  return typeof v === 'string' && (ERROR_TYPES as readonly string[]).includes(v);
}
