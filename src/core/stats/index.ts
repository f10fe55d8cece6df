/** Aggregates of a workspace's runs for the statistics view and `mistakebook stats` (DESIGN.md §2 stats/). */
export { StatsAggregator, type RunFeed } from './aggregate';
export { loadStats, type LoadStatsOptions } from './loadStats';
export { RATING_BUCKETS } from './report';
export type { AccuracyRow, EvaluationRow, QuestionBin, RatingBucket, RunChoice, StatsFilter, StatsReport, UsageRow, VerifyRow } from './report';
export { tallyRun, type RunTally } from './runTally';
