import type { Provider } from '@nestjs/common';

/** The initiatives part of the cooperation context: services exported, repositories kept inside. */
export const INITIATIVES_SERVICES: Provider[] = [];
export const INITIATIVES_REPOSITORIES: Provider[] = [];
