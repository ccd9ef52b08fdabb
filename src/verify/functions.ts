/**
 * Edge-function checks (only with --functions-url): each deployed function answers, refuses a
 * request without a key (401), and runs a dry run with the key (200, `success: true`).
 */
import { JOBS, type JobDefinition } from '../domain/jobs.ts';
import { expectedHttpsUrl, isSecureHttpUrl } from '../lib/loopback.ts';
import { describeError, scrub } from '../lib/sanitize.ts';
import { fail, pass, skip, type Check, type CheckOutcome, type VerifyContext } from './types.ts';

const DEPLOY_FIX = (fn: string) =>
  `Deploy it: supabase functions deploy ${fn} (docs/edge-functions.md), and check --functions-url ends in /functions/v1.`;

/** The functions' base URL without trailing slashes, or why it is not usable. */
export function parseFunctionsUrl(value: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      error: `--functions-url '${value}' is not a URL; expected https://<ref>.supabase.co/functions/v1`,
    };
  }
  // The checks send the bearer key there: never in clear to another machine.
  if (!isSecureHttpUrl(url)) {
    return {
      error: `--functions-url uses ${url.protocol} for ${url.hostname}; expected ${expectedHttpsUrl('https://<ref>.supabase.co/functions/v1')}`,
    };
  }
  return { url: url.toString().replace(/\/+$/, '') };
}

async function reach(ctx: VerifyContext, job: JobDefinition): Promise<CheckOutcome | { base: string }> {
  if (!ctx.options.functionsUrl) return skip('pass --functions-url to check the deployed functions');
  const parsed = parseFunctionsUrl(ctx.options.functionsUrl);
  if ('error' in parsed) return fail(parsed.error, DEPLOY_FIX(job.functionName));
  return { base: parsed.url };
}

function reachable(job: JobDefinition): Check {
  return {
    group: 'functions',
    name: `${job.functionName} reachable`,
    async run(ctx) {
      const base = await reach(ctx, job);
      if (!('base' in base)) return base;
      // GET: the handler refuses the method (405) before it looks at the key or runs anything.
      let response: Response;
      try {
        response = await ctx.options.fetch(`${base.base}/${job.functionName}`, { method: 'GET' });
        await response.body?.cancel();
      } catch (error) {
        return fail(`no answer: ${describeError(error)}`, DEPLOY_FIX(job.functionName));
      }
      if (response.status === 404)
        return fail('HTTP 404: not deployed at this URL', DEPLOY_FIX(job.functionName));
      // 500 comes from the handler itself (it is deployed); 502-504 from the platform in front of it.
      if ([502, 503, 504].includes(response.status)) {
        return fail(`HTTP ${response.status} from the platform`, DEPLOY_FIX(job.functionName));
      }
      return pass(`answers (HTTP ${response.status} to GET)`);
    },
  };
}

function rejectsMissingKey(job: JobDefinition): Check {
  return {
    group: 'functions',
    name: `${job.functionName} rejects a missing key`,
    async run(ctx) {
      const base = await reach(ctx, job);
      if (!('base' in base)) return base;
      let response: Response;
      try {
        response = await ctx.options.fetch(`${base.base}/${job.functionName}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          // A dry run, so that a function which wrongly accepts the request still writes nothing.
          body: JSON.stringify({ dryRun: true }),
        });
        await response.body?.cancel();
      } catch (error) {
        return fail(`no answer: ${describeError(error)}`, DEPLOY_FIX(job.functionName));
      }
      if (response.status === 401) return pass('HTTP 401 without Authorization');
      return fail(
        `HTTP ${response.status} without Authorization; expected 401`,
        `Redeploy ${job.functionName} from this repository (its handler checks the bearer) and make sure ` +
          'SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET is set in its secrets.',
      );
    },
  };
}

function answersDryRun(job: JobDefinition): Check {
  return {
    group: 'functions',
    name: `${job.functionName} answers a dry run`,
    timeoutMs: 60_000,
    async run(ctx) {
      const base = await reach(ctx, job);
      if (!('base' in base)) return base;
      const key = ctx.config?.cronSecret ?? ctx.config?.supabaseServiceRoleKey;
      if (!key) {
        return fail(
          'no key to call it with',
          'Set STRUKT_CRON_SECRET (or SUPABASE_SERVICE_ROLE_KEY) to the key the functions accept.',
        );
      }
      let response: Response;
      let body: unknown;
      try {
        response = await ctx.options.fetch(`${base.base}/${job.functionName}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
          body: JSON.stringify({ dryRun: true }),
        });
        const text = await response.text();
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
      } catch (error) {
        return fail(`no answer: ${describeError(error)}`, DEPLOY_FIX(job.functionName));
      }
      const answer = (body ?? {}) as {
        success?: unknown;
        message?: unknown;
        error?: unknown;
        code?: unknown;
      };
      if (response.status === 200 && answer.success === true) {
        return pass(`HTTP 200: ${scrub(String(answer.message ?? 'success'))}`);
      }
      const said = typeof answer.error === 'string' ? `: ${scrub(answer.error)}` : '';
      const fix =
        response.status === 401
          ? `The function refused the key: set STRUKT_CRON_SECRET here to the value in the function's secrets.`
          : `Read the function's logs: supabase functions logs ${job.functionName}.`;
      return fail(`HTTP ${response.status}${said}; expected 200 with success: true`, fix);
    },
  };
}

export function functionChecks(ctx: VerifyContext): Check[] {
  if (!ctx.options.functionsUrl) {
    return [
      {
        group: 'functions',
        name: 'edge functions',
        run: async () => skip('pass --functions-url to check the deployed functions'),
      },
    ];
  }
  return JOBS.flatMap((job) => [reachable(job), rejectsMissingKey(job), answersDryRun(job)]);
}
