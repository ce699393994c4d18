export { type CertificateLocale, type CertificateText, type CertificateView, renderCertificate } from './render';
export { type PreparedEmblem, UnusableEmblemError, assertUsableEmblem } from './emblem';
