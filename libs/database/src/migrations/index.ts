import { Init1795912378235 } from './1795912378235-Init';

// Every migration, in order. `npm run migration:generate -- libs/database/src/migrations/<Name>`
// writes a new file here: read it, then add it below.
export const MIGRATIONS: (new () => object)[] = [Init1795912378235];
