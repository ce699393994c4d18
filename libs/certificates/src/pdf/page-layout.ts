/** The certificate page's geometry, colours and text styles, shared by the parts drawn on it. */
import { type CertificateText } from './certificate-view';
import { type Weight } from './fonts';
import { type Direction, type Scripts, scriptsFor } from './text-layout';
import { type Paragraph, paragraph } from './typeset';

export const PAGE = { width: 841.89, height: 595.28 };
export const COLOR = { navy: '#1f3a5f', gold: '#a47f3c', ink: '#1c1c1e', muted: '#596170', hairline: '#cdb98f' };
export const CONTENT = { left: 64, right: PAGE.width - 64, top: 48, bottom: PAGE.height - 46 };

export interface Lang {
  direction: Direction;
  scripts: Scripts;
}

export function langOf(text: CertificateText): Lang {
  return { direction: text.direction, scripts: scriptsFor(text.locale) };
}

export interface TextSpec {
  size: number;
  weight?: Weight;
  color?: string;
  maxWidth: number;
  shrinkTo?: number;
}

export function para(text: string, lang: Lang, spec: TextSpec): Paragraph {
  return paragraph(text, { weight: 'regular', color: COLOR.ink, ...spec, ...lang });
}

/** Something stacked in the main column, with the space it wants above it. */
export interface Block {
  height: number;
  gap: number;
  draw(top: number): void;
}
