// The one table formatter, shared with `main evaluate` (packages/evaluation/src/evaluate/table.ts).
export { markdownTable, fmtNum } from '@ritc/evaluation';
