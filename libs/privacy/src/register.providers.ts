import type { Provider } from '@nestjs/common';
import { RegisterService } from './register.service';

/** The register of personal data (issue 16 point 1). */
export const REGISTER_SERVICES: Provider[] = [RegisterService];
export const REGISTER_REPOSITORIES: Provider[] = [];
