/**
 * Step-level truth in the statistics view: error types of parsed corrections (overall, per corrector,
 * per step position) and how well each corrector names the first wrong step. A bar click filters the
 * Datasets tree to the corrections behind it, as every other bar does.
 */
import { ERROR_TYPE_INFO, ERROR_TYPES } from '../../src/shared/protocol';
import type { BarFilter, StatsReport } from '../../src/shared/statsProtocol';
import { rateBar, type Bar, type ChartSpec } from './chart';

type Group = StatsReport['errorTypesByModel'][number];

/** One bar per error type a group has, labelled by type, with the group as sublabel. */
function groupBars(groups: readonly Group[], sub: (g: Group) => string, filter: (g: Group) => Omit<BarFilter, 'runs' | 'label' | 'errorType'>, select: (f: Omit<BarFilter, 'runs'>) => () => void): Bar[] {
  return groups.flatMap((g) =>
    ERROR_TYPES.filter((t) => g.counts[t] > 0).map((t) => ({
      label: ERROR_TYPE_INFO[t].label,
      sublabel: sub(g),
      values: [g.counts[t]],
      text: `${g.counts[t]} of ${g.total}`,
      tone: `error-type-${t}`,
      hover: `${sub(g)}: ${g.counts[t]} of ${g.total} parsed corrections are ${ERROR_TYPE_INFO[t].label.toLowerCase()} (${ERROR_TYPE_INFO[t].means})`,
      onSelect: select({ label: `${ERROR_TYPE_INFO[t].label} · ${sub(g)}`, errorType: t, ...filter(g) }),
    })),
  );
}

export function truthCharts(report: StatsReport, select: (f: Omit<BarFilter, 'runs'>) => () => void): ChartSpec[] {
  const typed = ERROR_TYPES.reduce((n, t) => n + report.errorTypes[t], 0);
  const sources = Object.entries(report.errorTypeSources).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k === 'rules' ? 'by the rules' : k === 'model' ? 'by the model' : 'by hand'}`).join(', ');
  return [
    {
      id: 'error-types',
      title: 'Error types',
      note: `Parsed corrections by the type of their error: by hand where a researcher set one, else the corrector model's classification, else the rules' reading of the explanation${sources === '' ? '' : ` (${sources})`}. Shares with 95% intervals.`,
      empty: 'No parsed corrections yet.',
      options: { layout: 'rows', max: 1 },
      bars:
        typed === 0
          ? []
          : ERROR_TYPES.filter((t) => report.errorTypes[t] > 0).map((t) => {
              return {
                label: ERROR_TYPE_INFO[t].label,
                ...rateBar(report.errorTypeShares[t]),
                text: `${report.errorTypes[t]} · ${report.errorTypeShares[t].text}`,
                tone: `error-type-${t}`,
                hover: ERROR_TYPE_INFO[t].means,
                onSelect: select({ label: ERROR_TYPE_INFO[t].label, errorType: t }),
              };
            }),
    },
    {
      id: 'error-types-by-model',
      title: 'Error types per corrector',
      note: 'The same, for each corrector model.',
      empty: 'No parsed corrections yet.',
      options: { layout: 'rows' },
      bars: groupBars(report.errorTypesByModel, (g) => `corrector ${g.model ?? ''}`, (g) => (g.model === undefined ? {} : { model: g.model }), select),
    },
    {
      id: 'error-types-by-step',
      title: 'Error types per step position',
      note: 'The same, by the step the corrector names as the first wrong one.',
      empty: 'No parsed corrections yet.',
      options: { layout: 'rows' },
      bars: groupBars(report.errorTypesByStep, (g) => g.label, (g) => (g.step === undefined ? {} : { incorrectStep: g.step }), select),
    },
    {
      id: 'critic',
      title: 'First wrong step: how often the corrector names it',
      note: "Accuracy on erroneous solutions (the step named is the true first wrong one) and on correct ones (it says no step is wrong), with F1, against a ProcessBench-layout dataset (run critique) and against your own step labels.",
      empty: 'No critiques and no step labels yet.',
      options: { layout: 'rows', max: 1 },
      bars: report.critic.flatMap((c) =>
        (['erroneous', 'correct'] as const).map((side) => {
          return {
            label: `${c.model} · ${c.against === 'dataset' ? (c.dataset ?? "dataset's labels") : 'your labels'}`,
            sublabel: `${side === 'erroneous' ? 'erroneous solutions' : 'correct solutions'} · F1 ${(100 * c.f1).toFixed(1)}%`,
            ...rateBar(c[side]),
            hover: `${c.prompt.label} · ${c.model} against ${c.against === 'dataset' ? `the labels of ${c.dataset ?? 'the dataset'}` : 'your step labels'}: F1 ${(100 * c.f1).toFixed(1)}% over ${c.solutions} solutions${c.unreadable > 0 ? ` (${c.unreadable} unreadable replies count as wrong)` : ''}`,
            onSelect: select({ label: `${c.prompt.label} · ${c.model}`, model: c.model, promptSha256: c.promptSha256 }),
          };
        }),
      ),
    },
  ];
}
