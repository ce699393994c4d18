import type { Provider } from '@nestjs/common';

/** The outcomes part of the cooperation context: services exported, repositories kept inside. */
export const OUTCOMES_SERVICES: Provider[] = [];
export const OUTCOMES_REPOSITORIES: Provider[] = [];
