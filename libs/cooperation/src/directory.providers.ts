import type { Provider } from '@nestjs/common';

/** The directory part of the cooperation context: services exported, repositories kept inside. */
export const DIRECTORY_SERVICES: Provider[] = [];
export const DIRECTORY_REPOSITORIES: Provider[] = [];
