export * from './jobs.module';
export * from './jobs.service';
// The entity stays inside this lib: others see the type of what the service answers.
export { JOB_STATES, type JobState } from './entities/job.entity';
export * from './personal-data';
