import type { ContentKind } from '@longview/content-kind';

/**
 * A small drawing of a kind of content for a series that has no picture of its own: a page
 * for PDF, a report with lines for SR, a starred frame for key images, a trace for ECG.
 * Drawn in SVG (no image requests, no fonts), in the panel's muted colour.
 */
export function ContentKindIcon({ kind, isKeyImages = false }: { kind: ContentKind; isKeyImages?: boolean }) {
  return (
    <svg className="content-kind-icon" viewBox="0 0 40 40" width="24" height="24" aria-hidden="true" data-kind={isKeyImages ? 'key-images' : kind}>
      {isKeyImages ? <KeyImagesShape /> : shapeOf(kind)}
    </svg>
  );
}

function shapeOf(kind: ContentKind) {
  switch (kind) {
    case 'pdf':
      return (
        <>
          <path d="M9 3h16l7 7v27H9z" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M25 3v7h7" fill="none" stroke="currentColor" strokeWidth="2" />
          <rect x="12" y="22" width="17" height="8" rx="1" fill="#c0392b" />
        </>
      );
    case 'sr':
      return (
        <>
          <rect x="8" y="4" width="24" height="32" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
          {[11, 16, 21, 26, 31].map((y, i) => (
            <line key={y} x1={i === 0 ? 12 : 14} y1={y} x2={i % 2 ? 26 : 28} y2={y} stroke="currentColor" strokeWidth="1.6" />
          ))}
        </>
      );
    case 'ecg':
      return (
        <>
          <rect x="3" y="7" width="34" height="26" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" opacity="0.6" />
          <polyline points="4,22 11,22 13,19 15,22 17,22 19,10 21,29 23,22 27,22 29,18 31,22 36,22" fill="none" stroke="#e06c75" strokeWidth="2" />
        </>
      );
    case 'video':
      return (
        <>
          <rect x="4" y="9" width="32" height="22" rx="3" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M17 14l9 6-9 6z" fill="currentColor" />
        </>
      );
    case 'wsi':
      return (
        <>
          <rect x="3" y="13" width="34" height="14" rx="1" fill="none" stroke="currentColor" strokeWidth="2" />
          <rect x="5" y="15" width="8" height="10" fill="currentColor" opacity="0.5" />
          <ellipse cx="25" cy="20" rx="7" ry="4" fill="#c678dd" />
        </>
      );
    case 'unsupported':
      return (
        <>
          <rect x="6" y="6" width="28" height="28" rx="3" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="4 3" />
          <text x="20" y="26" textAnchor="middle" fontSize="16" fill="currentColor">?</text>
        </>
      );
    default:
      return (
        <>
          <rect x="5" y="5" width="24" height="24" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
          <circle cx="20" cy="20" r="8" fill="currentColor" opacity="0.6" />
        </>
      );
  }
}

function KeyImagesShape() {
  return (
    <>
      <rect x="4" y="8" width="26" height="26" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
      <circle cx="17" cy="21" r="6" fill="currentColor" opacity="0.5" />
      <path d="M31 2l2.4 5 5.4.6-4 3.7 1.1 5.4-4.9-2.7-4.9 2.7 1.1-5.4-4-3.7 5.4-.6z" fill="#f0b429" />
    </>
  );
}
