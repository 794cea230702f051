// The one table formatter, shared with `main evaluate` (packages/cli/src/evaluate/table.ts).
export { markdownTable, fmtNum } from '@ritc/cli/dist/evaluate/table';
