import type { Provider } from '@nestjs/common';
import { ExpertsService } from './experts.service';
import { ExpertsRepository } from './repositories/experts.repository';

/** The expert roster and matching (issue 14 point 3): services exported, repositories kept inside. */
export const EXPERT_SERVICES: Provider[] = [ExpertsService];
export const EXPERT_REPOSITORIES: Provider[] = [ExpertsRepository];
