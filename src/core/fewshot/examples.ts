/**
 * The second pass: read each example's sections into the annotated parts LEMA needs (question,
 * original steps, incorrect step, explanation, corrected steps) and check that they agree with
 * one another, with a diagnostic at the exact line and column when they do not.
 */
import type { Diagnostic } from '../diagnostic';
import type { ChoiceExample, FewShotExample, PromptFormat, SectionName, StepsExample } from './prompt';
import { saysNoWrongStep, type ContentLine, type RawExample, type RawSection } from './syntax';

type Report = (severity: Diagnostic['severity'], line: number, column: number, message: string) => void;

const STEP_LINE = /^Step[ \t]+(\d+)[ \t]*:[ \t]?/;
const ELISION = /^(?:\.\.\.|…)$/;

interface NumberedStep {
  number: number;
  text: string;
  line: number;
  column: number;
}

interface StepBlock {
  steps: NumberedStep[];
  /** Where a leading "..." stands, if any. */
  elision: ContentLine | null;
}

export function readExamples(raw: readonly RawExample[], format: PromptFormat, report: Report): FewShotExample[] {
  return raw.map((example, index) => (format === 'steps' ? readStepsExample(example, index, report) : readChoiceExample(example, index, report)));
}

function readStepsExample(raw: RawExample, index: number, report: Report): StepsExample {
  const question = textOf(find(raw, 'question'), 'Question', report);
  const originalSection = find(raw, 'originalSolution');
  const original = originalSection ? readStepBlock(originalSection, false, report) : null;
  const originalSteps = original?.steps ?? [];
  if (original) checkNumbering(originalSteps, 1, report);

  const incorrectSection = find(raw, 'incorrectStep');
  const noWrongStep = incorrectSection !== undefined && saysNoWrongStep(incorrectSection);
  const incorrectStep = incorrectSection && !noWrongStep ? readIncorrectStep(incorrectSection, original ? originalSteps.length : null, report) : null;
  const explanation = textOf(find(raw, 'explanation'), 'Explanation', report);

  const correctSection = find(raw, 'correctSolution');
  const corrected = correctSection ? readStepBlock(correctSection, true, report) : null;
  const first = corrected?.steps[0];
  const knownStep = incorrectStep !== null && (original === null || incorrectStep <= originalSteps.length);
  if (corrected && first && incorrectStep !== null && knownStep) {
    if (first.number !== incorrectStep) {
      report(
        'error',
        first.line,
        first.column,
        `the corrected solution must start at the incorrect step: write 'Step ${incorrectStep}:' here, not 'Step ${first.number}:'`,
      );
    } else if (incorrectStep > 1 && !corrected.elision) {
      report('warning', first.line, first.column, `put a line '...' before 'Step ${incorrectStep}:' to stand for the unchanged Steps 1–${incorrectStep - 1}`);
    }
    // A '...' before Step 1 is no problem: LEMA's own prompts write it whatever the incorrect step.
  }
  if (corrected && first) checkNumbering(corrected.steps, first.number, report);

  return {
    format: 'steps',
    index,
    range: raw.range,
    sections: sectionsOf(raw),
    question,
    originalSteps: originalSteps.map((s) => s.text),
    incorrectStep,
    explanation,
    correctedSteps: (corrected?.steps ?? []).map((s) => s.text),
    correctedFrom: first?.number ?? null,
    ...(noWrongStep ? { noWrongStep } : {}),
  };
}


function readChoiceExample(raw: RawExample, index: number, report: Report): ChoiceExample {
  return {
    format: 'multiple-choice',
    index,
    range: raw.range,
    sections: sectionsOf(raw),
    question: textOf(find(raw, 'question'), 'Question', report),
    candidateAnswers: textOf(find(raw, 'candidateAnswers'), 'Candidate Answers', report),
    originalAnswer: textOf(find(raw, 'originalAnswer'), 'Original Answer', report),
    mistakes: textOf(find(raw, 'mistakes'), 'Mistakes', report),
    correctedAnswer: textOf(find(raw, 'correctedAnswer'), 'Corrected Answer', report),
  };
}

function sectionsOf(raw: RawExample): FewShotExample['sections'] {
  return raw.sections.map((s) => ({
    name: s.spec.name,
    label: s.written,
    range: s.range,
    ...(s.block === undefined ? {} : { block: s.block }),
  }));
}

function find(raw: RawExample, name: SectionName): RawSection | undefined {
  return raw.sections.find((s) => s.spec.name === name);
}

/** A text section's words; an empty one is reported (a missing one already was, by the scanner). */
function textOf(section: RawSection | undefined, label: string, report: Report): string {
  if (!section) return '';
  const text = joinContent(section.content);
  if (text === '') report('error', section.range.startLine, 1, `'${label}:' is empty; write its text after the label`);
  return text;
}

function joinContent(content: readonly ContentLine[]): string {
  return content
    .map((c) => c.text.trimEnd())
    .join('\n')
    .trim();
}

/** "Step k:" lines; a line without a label continues the step above it (a long MATH step). */
function readStepBlock(section: RawSection, isCorrection: boolean, report: Report): StepBlock {
  const steps: NumberedStep[] = [];
  let elision: ContentLine | null = null;
  const pending: string[][] = [];
  for (const c of section.content) {
    const trimmed = c.text.trim();
    const label = STEP_LINE.exec(c.text);
    if (label) {
      steps.push({ number: Number(label[1]), text: '', line: c.line, column: c.column });
      pending.push([c.text.slice(label[0].length)]);
    } else if (ELISION.test(trimmed)) {
      if (isCorrection && steps.length === 0 && !elision) elision = c;
      else report('error', c.line, c.column, "'...' may only open the Correct Solution, where it stands for the steps before the incorrect one");
    } else if (pending.length > 0) {
      pending.at(-1)?.push(c.text);
    } else if (trimmed !== '') {
      const expected = isCorrection ? "'...' or 'Step k:'" : "'Step 1:'";
      report('error', c.line, c.column, `expected ${expected} here; every line of a solution belongs to a numbered step`);
    }
  }
  steps.forEach((s, i) => {
    s.text = (pending[i] ?? []).map((t) => t.trimEnd()).join('\n').trim();
  });
  if (steps.length === 0) {
    report('error', section.range.startLine, 1, `'${section.spec.label}:' has no steps; write them as 'Step 1: …' lines`);
  }
  return { steps, elision };
}

function checkNumbering(steps: readonly NumberedStep[], first: number, report: Report): void {
  steps.forEach((s, i) => {
    const expected = first + i;
    if (s.number !== expected) {
      report('error', s.line, s.column, `steps must be numbered in order: expected 'Step ${expected}:' here, found 'Step ${s.number}:'`);
    }
  });
}

function readIncorrectStep(section: RawSection, stepCount: number | null, report: Report): number | null {
  const first = section.content.find((c) => c.text.trim() !== '');
  const text = joinContent(section.content);
  const m = /^Step[ \t]+(\d+)\.?$/.exec(text);
  if (!m || !first) {
    report('error', first?.line ?? section.range.startLine, first?.column ?? 1, "write the incorrect step as 'Step k.' (for example 'Incorrect Step: Step 2.'), or 'None.' when no step is wrong");
    return null;
  }
  const k = Number(m[1]);
  if (stepCount !== null && (k < 1 || k > stepCount)) {
    const numberColumn = first.column + first.text.indexOf(m[1] ?? '');
    const has = stepCount === 1 ? 'has only Step 1' : `has Steps 1–${stepCount}`;
    report('error', first.line, numberColumn, `'Incorrect Step: Step ${k}' but the original solution ${has}`);
  }
  return k;
}
