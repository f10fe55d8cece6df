/**
 * Every command id of the extension, as typed constants: the command table registers them, views and
 * webviews invoke them, and the manifest test checks that package.json contributes exactly these.
 */
export const Commands = {
  // Runs (the LEMA stages)
  sampleReasoningPaths: 'mistakebook.sampleReasoningPaths',
  generateCorrections: 'mistakebook.generateCorrections',
  augmentCotData: 'mistakebook.augmentCotData',
  evaluateModel: 'mistakebook.evaluateModel',
  critiqueSolutions: 'mistakebook.critiqueSolutions',
  classifyErrorTypes: 'mistakebook.classifyErrorTypes',
  resumeRun: 'mistakebook.resumeRun',
  cancelRun: 'mistakebook.cancelRun',
  openRunFolder: 'mistakebook.openRunFolder',
  refreshRuns: 'mistakebook.refreshRuns',
  regradeRun: 'mistakebook.regradeRun',
  renameRun: 'mistakebook.renameRun',
  // Endpoints and keys
  setApiKey: 'mistakebook.setApiKey',
  selectEndpoint: 'mistakebook.selectEndpoint',
  // Datasets tree
  openDataset: 'mistakebook.openDataset',
  refreshDatasets: 'mistakebook.refreshDatasets',
  showQuestion: 'mistakebook.showQuestion',
  openQuestionSource: 'mistakebook.openQuestionSource',
  loadMoreQuestions: 'mistakebook.loadMoreQuestions',
  revealInTree: 'mistakebook.revealInTree',
  filterMistakes: 'mistakebook.filterMistakes',
  filterUnverified: 'mistakebook.filterUnverified',
  filterUnrated: 'mistakebook.filterUnrated',
  // Step-level truth
  filterStepDisagreement: 'mistakebook.filterStepDisagreement',
  searchQuestions: 'mistakebook.searchQuestions',
  clearFilters: 'mistakebook.clearFilters',
  filterTree: 'mistakebook.filterTree',
  // Review
  showMistake: 'mistakebook.showMistake',
  rateCorrection: 'mistakebook.rateCorrection',
  regenerateCorrection: 'mistakebook.regenerateCorrection',
  // Few-shot prompts
  newFewShotPrompt: 'mistakebook.newFewShotPrompt',
  editFewShotPrompt: 'mistakebook.editFewShotPrompt',
  treatAsFewShot: 'mistakebook.treatAsFewShot',
  addCorrectionToPrompt: 'mistakebook.addCorrectionToPrompt',
  previewCorrectionRequest: 'mistakebook.previewCorrectionRequest',
  tryPromptOnMistake: 'mistakebook.tryPromptOnMistake',
  // Results
  exportFineTuningData: 'mistakebook.exportFineTuningData',
  showStatistics: 'mistakebook.showStatistics',
  // Several raters (issue 18)
  filterDisagreements: 'mistakebook.filterDisagreements',
  assignReview: 'mistakebook.assignReview',
  // Issue 19: fine-tune on CoT-only and LEMA data and compare.
  runLemaExperiment: 'mistakebook.runLemaExperiment',
  cancelFineTune: 'mistakebook.cancelFineTune',
  showExperimentReport: 'mistakebook.showExperimentReport',
  // Correction variants: another prompt or corrector on a run's mistakes, compared, reviewed blind
  correctWithAnotherPrompt: 'mistakebook.correctWithAnotherPrompt',
  compareVariants: 'mistakebook.compareVariants',
  blindReview: 'mistakebook.blindReview',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands of VS Code itself and of our views that we invoke. */
export const WorkbenchCommands = {
  open: 'vscode.open',
  revealInExplorer: 'revealInExplorer',
  setContext: 'setContext',
  focusDatasets: 'mistakebook.datasets.focus',
  focusRuns: 'mistakebook.runs.focus',
} as const;
