import type { Provider } from '@nestjs/common';
import { DirectoryService } from './directory.service';
import { DirectoryRepository } from './repositories/directory.repository';

/** The directory part of the cooperation context: services exported, repositories kept inside. */
export const DIRECTORY_SERVICES: Provider[] = [DirectoryService];
export const DIRECTORY_REPOSITORIES: Provider[] = [DirectoryRepository];
