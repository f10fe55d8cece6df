/**
 * The solve prompt (the CoT input LEMA samples reasoning paths from). Templates are plain text
 * with {question} and {candidates} placeholders, so a researcher can paste the paper's layout.
 * Also where a completion of this prompt ends: at the next "Question:" the model invents.
 */
import type { Question } from '../dataset/question';

/** LEMA's solve prompt for math word problems (GSM8K, MATH). */
export const DEFAULT_SOLVE_TEMPLATE =
  "Please solve the following math problem.\nQuestion: {question}\nAnswer: Let's think step by step.\n";

/** The same layout for multiple-choice sets (CommonsenseQA), with the candidates listed. */
export const DEFAULT_MC_SOLVE_TEMPLATE =
  "Please answer the following multiple-choice question.\nQuestion: {question}\nCandidate Answers: {candidates}\nAnswer: Let's think step by step.\n";

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** "A" for the first candidate, "B" for the second, … */
function candidateLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Candidates as the paper lists them: "(A) bank (B) library". */
export function formatCandidates(candidates: readonly string[]): string {
  return candidates.map((c, i) => `(${candidateLetter(i)}) ${c}`).join(' ');
}

/**
 * Fills {question} and {candidates} in one pass over the template, so braces inside the question
 * (LaTeX's \frac{1}{2}) are never read as placeholders.
 */
export function renderSolvePrompt(template: string, question: Pick<Question, 'question' | 'candidates'>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (name === 'question') return question.question;
    if (name === 'candidates') {
      if (question.candidates === undefined || question.candidates.length === 0) {
        throw new Error(
          'solve template uses {candidates} but this question has no candidates; use a multiple-choice dataset or remove {candidates}',
        );
      }
      return formatCandidates(question.candidates);
    }
    throw new Error(`solve template has an unknown placeholder {${name}}; the known ones are {question} and {candidates}`);
  });
}

/**
 * Where a completion stops answering our prompt: an end-of-text token, or the next "Question:" /
 * "Q:" of this same layout, which base models go on to invent after a few-shot prompt.
 */
const FOLLOW_ON = /<\/s>|<\|(?:im_end|endoftext|eot_id|end_of_text)\|>|(?:^|(?<=\n|[.!?][ \t]))[ \t]*(?:Question|Q)[ \t]*:/g;

/** A cheap first look, since most completions have none of these. */
const MAY_FOLLOW_ON = /Q|<[/|]/;

/** The part of a completion that answers the question asked; every task judges only this part. */
export function cutFollowOn(completion: string): string {
  if (!MAY_FOLLOW_ON.test(completion)) return completion;
  const contentStart = completion.search(/\S/);
  if (contentStart === -1) return '';
  FOLLOW_ON.lastIndex = 0;
  for (let m = FOLLOW_ON.exec(completion); m; m = FOLLOW_ON.exec(completion)) {
    if (m[0].startsWith('<') || m.index + m[0].length - m[0].trimStart().length > contentStart) {
      return completion.slice(0, m.index);
    }
  }
  return completion;
}
