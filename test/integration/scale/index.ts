/** The scale suite's entry (issue 13): the views of a 200,000-path run, inside a real VS Code. Same runner as the main suite. */
export { run } from '../suite/index';
