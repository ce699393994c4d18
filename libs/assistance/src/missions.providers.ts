import type { Provider } from '@nestjs/common';

/** Missions, participants, attendance and certificates of participation (issue 14 point 4). */
export const MISSION_SERVICES: Provider[] = [];
export const MISSION_REPOSITORIES: Provider[] = [];
