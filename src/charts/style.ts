/** What both charts share: the title, the empty-week note and the colours of visit kinds. */
import type { VisitKind } from '../domain/vocabulary.ts';
import { FONT_FAMILY } from './render.ts';

/** One colour per kind, the same in every report, so a reader learns them once. */
export const KIND_COLORS: Record<VisitKind, string> = {
  visit: '#2f6fd6',
  call: '#35a66b',
  meeting: '#f0a01f',
  meal: '#d9534f',
  event: '#8a5cc7',
  message: '#8c9aa8',
};

export const REQUESTED_COLOR = '#9bb8e8';
export const GRANTED_COLOR = '#2f6fd6';

export function title(text: string) {
  return { text, left: 'center', top: 10, textStyle: { fontSize: 18, fontWeight: 'normal', color: '#222' } };
}

/** A centred note in place of the plot: an empty week still says what it is about. */
export function emptyNote(text: string) {
  return {
    type: 'text',
    left: 'center',
    top: 'middle',
    // Graphic elements do not inherit the chart's text style: the font is named again.
    style: { text, fontSize: 22, fill: '#666', fontFamily: FONT_FAMILY },
  };
}
