// For the TypeORM CLI only (npm run migration:generate / run / revert), run on the compiled dist/.
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from './options';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to the database to compare with or migrate');
export default new DataSource({
  ...databaseOptions(url),
  entities: [join(__dirname, '..', '..', '*', 'src', '**', '*.entity.js')],
});
