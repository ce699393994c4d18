import { drawBottomBand } from './bottom-band';
import { type CertificateView } from './certificate-view';
import { type PreparedEmblem, UnusableEmblemError, prepareEmblem } from './emblem';
import { drawFrame } from './frame';
import { drawMainColumn } from './main-column';
import { createDocument, finish } from './pdf-document';

export type { CertificateLocale, CertificateText, CertificateView } from './certificate-view';

export async function renderCertificate(view: CertificateView): Promise<Buffer> {
  // An emblem stored before today's limits (2048 × 2048, 8 bits) is left out rather than failing the certificate.
  const emblem = view.emblem ? usableEmblem(view.emblem) : undefined;
  const doc = createDocument({ ...view.metadata, lang: view.locale });
  drawFrame(doc);
  const bandTop = drawBottomBand(doc, view);
  drawMainColumn(doc, view, emblem, bandTop - 14);
  return finish(doc);
}

function usableEmblem(image: Buffer): PreparedEmblem | undefined {
  try {
    return prepareEmblem(image);
  } catch (error) {
    if (error instanceof UnusableEmblemError) return undefined;
    throw error;
  }
}
