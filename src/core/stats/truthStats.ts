/**
 * Step-level truth in the statistics: error types of parsed corrections (overall, per corrector and
 * per step position) and how well a critic names the first wrong step (ProcessBench's figures),
 * against a dataset's labels (critiques.jsonl) and against the researcher's own step labels.
 * Memory grows with corrector × prompt versions and step positions, plus the labels of one run.
 */
import type { CorrectionRecord } from '../pipeline/records';
import type { CritiqueRecord } from '../pipeline/critique';
import { classifyExplanation } from '../truth/classifyError';
import { CriticTally } from '../truth/critic';
import { ERROR_TYPES, type ErrorType, type ErrorTypeSource } from '../truth/errorTypes';
import { correctorStep, errorTypeInForce } from '../truth/inForce';
import type { ErrorTypeLabel, StepLabel } from '../truth/labels';
import { promptVersionInfo } from './promptVersions';
import { rateEstimate } from './interval';
import type { CriticRow, ErrorTypeGroup, PromptVersionInfo, RateEstimate, TruthReport } from './report';
import type { PromptSnapshot } from '../store/runInfo';

function noCounts(): Record<ErrorType, number> {
  return Object.fromEntries(ERROR_TYPES.map((t) => [t, 0])) as Record<ErrorType, number>;
}

interface Group {
  model?: string;
  step?: number;
  total: number;
  counts: Record<ErrorType, number>;
}

export class TruthAggregator {
  private readonly counts = noCounts();
  private readonly sources: Record<ErrorTypeSource, number> = { human: 0, model: 0, rules: 0 };
  private readonly byModel = new Map<string, Group>();
  private readonly byStep = new Map<number, Group>();
  private readonly critics = new Map<string, { model: string; promptSha256: string; against: CriticRow['against']; dataset: string | undefined; tally: CriticTally; unreadable: number }>();
  private dataset: string | undefined;
  /** The run being read: its step labels in force (by path) and error types by hand and by model (by correction). */
  private stepLabels = new Map<string, StepLabel>();
  private humanTypes = new Map<string, ErrorTypeLabel>();
  private modelTypes = new Map<string, ErrorTypeLabel>();

  /** A new run starts: its labels replace the last run's. */
  startRun(dataset?: string): void {
    this.dataset = dataset;
    this.stepLabels = new Map();
    this.humanTypes = new Map();
    this.modelTypes = new Map();
  }

  stepLabel(l: StepLabel): void {
    this.stepLabels.set(l.pathId, l);
  }

  errorType(l: ErrorTypeLabel): void {
    (l.source === 'human' ? this.humanTypes : this.modelTypes).set(l.correctionId, l);
  }

  correction(c: CorrectionRecord): void {
    const k = c.incorrectStep;
    if (c.outcome === 'parsed' && k !== undefined) {
      const label = this.humanTypes.get(c.id) ?? this.modelTypes.get(c.id);
      const inForce = errorTypeInForce(label === undefined ? classifyExplanation(c.explanation).type : undefined, label);
      if (inForce !== undefined) {
        this.counts[inForce.type]++;
        this.sources[inForce.source]++;
        add(this.byModel, c.model, { model: c.model }, inForce.type);
        add(this.byStep, k, { step: k }, inForce.type);
      }
    }
    // The researcher's step is the truth here: does the corrector name the step they would?
    const human = this.stepLabels.get(c.pathId);
    if (human !== undefined) this.judge(c.model, c.promptSha256, 'human', human.step, correctorStep(c));
  }

  critique(c: CritiqueRecord): void {
    this.judge(c.model, c.promptSha256, 'dataset', c.labelStep, c.outcome === 'parsed' ? c.predictedStep : undefined);
  }

  private judge(model: string, promptSha256: string, against: CriticRow['against'], truth: number | null, predicted: number | null | undefined): void {
    // Against a dataset's labels each dataset is its own row; against the researcher's labels, all runs together.
    const dataset = against === 'dataset' ? this.dataset : undefined;
    const key = `${against}\u0000${model}\u0000${promptSha256}\u0000${dataset ?? ''}`;
    let row = this.critics.get(key);
    if (row === undefined) {
      row = { model, promptSha256, against, dataset, tally: new CriticTally(), unreadable: 0 };
      this.critics.set(key, row);
    }
    row.tally.add({ truth, predicted });
    if (predicted === undefined) row.unreadable++;
  }

  result(prompts: ReadonlyMap<string, PromptSnapshot>): TruthReport {
    const groups = <K>(map: Map<K, Group>, order: (a: Group, b: Group) => number): ErrorTypeGroup[] =>
      [...map.values()].sort(order).map((g) => ({ ...g, label: g.model ?? `Step ${g.step ?? 0}` }));
    const typed = ERROR_TYPES.reduce((n, t) => n + this.counts[t], 0);
    const prompt = (sha: string): PromptVersionInfo => promptVersionInfo(sha, prompts.get(sha));
    return {
      errorTypes: { ...this.counts },
      errorTypeShares: Object.fromEntries(ERROR_TYPES.map((t) => [t, rateEstimate(this.counts[t], typed)])) as Record<ErrorType, RateEstimate>,
      errorTypeSources: { ...this.sources },
      errorTypesByModel: groups(this.byModel, (a, b) => (a.model ?? '').localeCompare(b.model ?? '')),
      errorTypesByStep: groups(this.byStep, (a, b) => (a.step ?? 0) - (b.step ?? 0)),
      critic: [...this.critics.values()]
        .sort((a, b) => a.against.localeCompare(b.against) || a.model.localeCompare(b.model) || a.promptSha256.localeCompare(b.promptSha256) || (a.dataset ?? '').localeCompare(b.dataset ?? ''))
        .map((r) => {
          const f = r.tally.figures();
          return {
            model: r.model,
            promptSha256: r.promptSha256,
            prompt: prompt(r.promptSha256),
            against: r.against,
            ...(r.dataset === undefined ? {} : { dataset: r.dataset }),
            solutions: f.erroneous.n + f.correct.n,
            unreadable: r.unreadable,
            erroneousAccuracy: f.erroneous.value,
            correctAccuracy: f.correct.value,
            f1: f.f1,
            erroneous: f.erroneous,
            correct: f.correct,
          };
        }),
    };
  }
}

function add<K>(map: Map<K, Group>, key: K, init: Pick<Group, 'model' | 'step'>, type: ErrorType): void {
  let g = map.get(key);
  if (g === undefined) {
    g = { ...init, total: 0, counts: noCounts() };
    map.set(key, g);
  }
  g.total++;
  g.counts[type]++;
}
