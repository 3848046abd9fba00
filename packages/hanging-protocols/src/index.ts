export {
  MAX_GRID,
  isValidLayout,
  type GridLayout,
  type SeriesSelector,
  type StudyRole,
  type CellRule,
  type CellDisplay,
  type HangingProtocol,
  type StudyFacts,
  type SeriesFacts,
  type ImageFacts,
  studyFactsOf,
} from './protocol';
export { BUILT_IN_PROTOCOLS, FALLBACK_PROTOCOL } from './builtins';
export { chooseProtocol, protocolMatches, needsImageFacts, hangStudy, firstStackSeriesOf, type Hanging, type HungCell } from './hang';
export {
  USER_PROTOCOLS_KEY,
  loadUserProtocols,
  readerProtocols,
  saveUserProtocol,
  readUserProtocol,
  protocolFromArrangement,
  type ProtocolStorage,
  type ArrangedCell,
} from './userProtocols';
