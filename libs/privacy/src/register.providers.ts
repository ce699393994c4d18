import type { Provider } from '@nestjs/common';

/** The register of personal data (issue 16 point 1). */
export const REGISTER_SERVICES: Provider[] = [];
export const REGISTER_REPOSITORIES: Provider[] = [];
