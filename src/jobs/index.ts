import { getJob, type JobName } from '../domain/jobs.ts';
import type { Job } from '../runs/runJob.ts';
import { planRefreshJob } from './planRefresh.ts';
import { userStatusJob } from './userStatus.ts';
import { weeklyDigestJob } from './weeklyDigest.ts';

const IMPLEMENTATIONS: Record<JobName, Job> = {
  'weekly-digest': weeklyDigestJob,
  'user-status': userStatusJob,
  'plan-refresh': planRefreshJob,
};

/** The job for either name form (`weekly-digest` / `generateWeeklyDigest`); unknown names list the valid ones. */
export function jobFor(name: string): Job {
  return IMPLEMENTATIONS[getJob(name).name];
}
