/** The assertions file of `xaccess check`: parsed and checked, problems with line and column. */
export {
  formatAssertionsProblems,
  parseAssertionsFile,
  type AssertionsProblem,
  type ParsedAssertions,
} from './assertions-file.ts'
