export { BASIC_PROFILE, actionFor, type Action, type ProfileRow } from './basicProfile';
export {
  applyBasicProfile,
  deidentifyDataset,
  dummyValue,
  cleanText,
  identifyingText,
  BASIC_PROFILE_CODE,
  type Dataset,
  type Element,
  type DeidentifyContext,
} from './deidentify';
export { UidRemapper, newUid } from './uidRemapper';
export { deidentifyPart10, DeidentifyFailed, type DeidentifiedFile } from './part10';
export { mayHaveBurnedInText } from './burnedIn';
