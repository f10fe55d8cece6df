/** Few-shot correction prompts (P_c): parse, check, print, render a request, add an example. */
export { parsePrompt, printPrompt } from './parse';
export { readPromptFile, MAX_PROMPT_BYTES } from './readPromptFile';
export { renderCorrectionRequest, renderCorrectionMessages } from './render';
export type { ChatMessage, ChoiceMistake, Mistake, StepsMistake } from './render';
export { appendExample } from './append';
export { mistakeOfExample, splitCandidates, withoutExample } from './holdOut';
export { annotationOfCorrection } from './fromRun';
export type { Annotation, ChoiceAnnotation, StepsAnnotation } from './append';
export type {
  BlockStyle,
  ChoiceExample,
  FewShotExample,
  FewShotPrompt,
  LineRange,
  PromptFormat,
  Section,
  SectionName,
  StepsExample,
} from './prompt';
