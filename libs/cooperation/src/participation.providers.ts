import type { Provider } from '@nestjs/common';

/** The participation part of the cooperation context: services exported, repositories kept inside. */
export const PARTICIPATION_SERVICES: Provider[] = [];
export const PARTICIPATION_REPOSITORIES: Provider[] = [];
