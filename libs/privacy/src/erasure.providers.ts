import type { Provider } from '@nestjs/common';
import { ErasureService } from './erasure.service';
import { ErasureRepository } from './repositories/erasure.repository';

/** Erasure on request (issue 16 point 3, ADR 0014). */
export const ERASURE_SERVICES: Provider[] = [ErasureService];
export const ERASURE_REPOSITORIES: Provider[] = [ErasureRepository];
