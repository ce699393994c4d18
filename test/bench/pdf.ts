import { type CertificateLocale, renderCertificate } from '@probity/certificates';
import { sampleCertificate, sampleName } from '../support/sample-certificates';

/**
 * Renders distinct certificates of one locale for `seconds` and returns certificates per second.
 * Every certificate has another holder and serial (so the layout cache cannot serve the name),
 * while the labels repeat as they do in production. One certificate warms up first.
 */
export async function benchPdf(locale: CertificateLocale, seconds: number): Promise<number> {
  await renderCertificate(sampleCertificate(locale, { holderName: sampleName(locale, 0) }));
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    count++;
    await renderCertificate(sampleCertificate(locale, { holderName: sampleName(locale, count), serialNumber: count }));
  }
  return count / ((performance.now() - started) / 1000);
}
