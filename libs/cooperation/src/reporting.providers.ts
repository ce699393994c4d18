import type { Provider } from '@nestjs/common';

/** The reporting part of the cooperation context: services exported, repositories kept inside. */
export const REPORTING_SERVICES: Provider[] = [];
export const REPORTING_REPOSITORIES: Provider[] = [];
