import type { Provider } from '@nestjs/common';

/** Privacy notices per academy, their acknowledgement, and consents (issue 16 point 5). */
export const NOTICE_SERVICES: Provider[] = [];
export const NOTICE_REPOSITORIES: Provider[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTICE_ENTITIES: Function[] = [];
