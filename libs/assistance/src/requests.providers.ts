import type { Provider } from '@nestjs/common';

/** Requests, screening, decisions, files and threads (issue 14 points 1-2): services exported, repositories kept inside. */
export const REQUEST_SERVICES: Provider[] = [];
export const REQUEST_REPOSITORIES: Provider[] = [];
