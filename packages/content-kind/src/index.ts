export { contentKindOf, SOP_CLASSES, VIDEO_TRANSFER_SYNTAXES, type ContentKind, type ContentTraits } from './contentKind';
export { sopClassName } from './sopClassName';
export { contentKindName, contentLabelOf, type ContentLabelFacts } from './contentLabel';
