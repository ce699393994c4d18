import type { Provider } from '@nestjs/common';

/** The expert roster and matching (issue 14 point 3): services exported, repositories kept inside. */
export const EXPERT_SERVICES: Provider[] = [];
export const EXPERT_REPOSITORIES: Provider[] = [];
