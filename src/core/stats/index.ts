/** Aggregates of a workspace's runs for the statistics view and `mistakebook stats` (DESIGN.md §2 stats/). */
export { StatsAggregator, type RunFeed } from './aggregate';
export { intervalText, rateEstimate, wilsonInterval } from './interval';
export { binomialTwoSidedP, mcnemarExactP, signTest, significanceText, SIGNIFICANCE_LEVEL, type SignTestResult } from './significance';
export { cohensKappa, type KappaOptions, type KappaResult } from './kappa';
export { findPromptVersion, promptVersionInfo, type PromptVersionText } from './promptVersions';
export { loadStats, type LoadStatsOptions } from './loadStats';
export { RATING_BUCKETS } from './report';
export type { AccuracyRow, EvaluationRow, PromptVersionInfo, QuestionBin, QuestionCounting, RateEstimate, RatingBucket, RunChoice, StatsFilter, StatsReport, UsageRow, VerifyRow } from './report';
export { tallyRun, type RunTally } from './runTally';
