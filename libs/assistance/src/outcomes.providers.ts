import type { Provider } from '@nestjs/common';

/** Mission reports, recommendations and their follow-up, evaluations (issue 14 point 5). */
export const OUTCOME_SERVICES: Provider[] = [];
export const OUTCOME_REPOSITORIES: Provider[] = [];
