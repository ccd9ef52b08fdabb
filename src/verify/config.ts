/**
 * Configuration checks: the variables the chosen transport needs are present and well-formed.
 * Values are never printed — only which variable, and what shape was expected.
 */
import { judgeKey } from './keys.ts';
import { fail, pass, skip, type Check, type Verdict, type VerifyContext } from './types.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', 'host.docker.internal']);

const environment: Check = {
  group: 'configuration',
  name: 'environment',
  async run(ctx) {
    if (!ctx.config) {
      return fail(
        ctx.configError ?? 'the environment could not be read',
        'Correct the variables named above (docs/deployment.md lists them): the supabase transport needs ' +
          'SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY together, the postgres transport DATABASE_URL alone.',
      );
    }
    const why = {
      supabase: 'SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are set',
      postgres: 'DATABASE_URL is set',
      embedded: 'neither Supabase nor DATABASE_URL is set',
    }[ctx.transport!];
    return pass(`valid; transport ${ctx.transport} (${why})`);
  },
};

const databaseSettings: Check = {
  group: 'configuration',
  name: 'database settings',
  async run(ctx) {
    const config = ctx.config;
    if (!config) return skip('the configuration is invalid (see configuration / environment)');
    const parts: string[] = [];
    if (config.supabaseUrl) {
      const url = checkSupabaseUrl(config.supabaseUrl);
      if (!url.ok) return url;
      parts.push(url.reason);
    }
    if (config.databaseUrl) {
      const url = checkDatabaseUrl(config.databaseUrl);
      if (!url.ok) return url;
      parts.push(url.reason);
    }
    if (ctx.transport === 'embedded') {
      parts.push(
        `embedded database in ${config.dataDir} (for a laptop or the demo; production uses Supabase)`,
      );
    }
    return pass(parts.join('; '));
  },
};

const serviceRoleKey: Check = {
  group: 'configuration',
  name: 'service-role key',
  async run(ctx) {
    const key = ctx.config?.supabaseServiceRoleKey;
    if (!ctx.config) return skip('the configuration is invalid (see configuration / environment)');
    if (!key)
      return skip(`SUPABASE_SERVICE_ROLE_KEY is not set (transport ${ctx.transport} does not use it)`);
    const judged = judgeKey(key, 'service_role', ctx.now());
    if (judged.ok) return pass(`SUPABASE_SERVICE_ROLE_KEY is ${judged.reason}`);
    return fail(
      `SUPABASE_SERVICE_ROLE_KEY is ${judged.reason}`,
      "Set SUPABASE_SERVICE_ROLE_KEY to the project's service_role key (Dashboard → Project Settings → API); " +
        'the anon key cannot run the job functions.',
    );
  },
};

const openaiSettings: Check = {
  group: 'configuration',
  name: 'OpenAI settings',
  async run(ctx) {
    const config = ctx.config;
    if (!config) return skip('the configuration is invalid (see configuration / environment)');
    const where = config.openaiBaseUrl ? 'a custom OPENAI_BASE_URL' : "OpenAI's API";
    if (!config.openaiApiKey) {
      return skip(
        `OPENAI_API_KEY is not set: digests and plans can only be written offline (--ai offline); model ${config.openaiModel}`,
      );
    }
    // Proxies and gateways behind OPENAI_BASE_URL use keys of their own shape.
    if (!config.openaiBaseUrl && !config.openaiApiKey.startsWith('sk-')) {
      return fail(
        "OPENAI_API_KEY does not start with 'sk-' as OpenAI's keys do (value hidden)",
        'Set OPENAI_API_KEY to a key from the OpenAI dashboard (API keys), or set OPENAI_BASE_URL for a proxy.',
      );
    }
    return pass(`OPENAI_API_KEY is set (value hidden); model ${config.openaiModel} via ${where}`);
  },
};

const anonKey: Check = {
  group: 'configuration',
  name: 'anon key',
  async run(ctx) {
    const key = ctx.options.anonKey;
    if (!key) return skip('pass --anon-key to check the API as anon');
    const judged = judgeKey(key, 'anon', ctx.now());
    if (judged.ok) return pass(`--anon-key is ${judged.reason}`);
    return fail(
      `--anon-key is ${judged.reason}`,
      "Pass the project's anon (public) key: Dashboard → Project Settings → API. Never the service_role key.",
    );
  },
};

export function configurationChecks(ctx: VerifyContext): Check[] {
  const checks = [environment, databaseSettings, serviceRoleKey, openaiSettings];
  if (ctx.options.anonKey) checks.push(anonKey);
  return checks;
}

function checkSupabaseUrl(value: string): Verdict {
  const fix =
    'Set SUPABASE_URL to the project URL, https://<project-ref>.supabase.co, without a path (Dashboard → Project Settings → API).';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('SUPABASE_URL is not a URL', fix);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return fail(
      `SUPABASE_URL uses ${url.protocol.replace(':', '')} for ${url.hostname}; the service-role key would travel unencrypted`,
      fix,
    );
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return fail(`SUPABASE_URL has the path ${url.pathname}; expected the bare project URL`, fix);
  }
  const kind = url.hostname.endsWith('.supabase.co')
    ? 'a Supabase project'
    : local
      ? 'a local API'
      : 'a custom domain';
  return pass(`SUPABASE_URL is ${url.protocol}//${url.hostname} (${kind})`);
}

function checkDatabaseUrl(value: string): Verdict {
  const fix =
    'Set DATABASE_URL to postgres://<user>:<password>@<host>:<port>/<database> (Supabase: Dashboard → Project Settings → Database).';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('DATABASE_URL is not a URL (value hidden)', fix);
  }
  if (!url.hostname) return fail('DATABASE_URL names no host (value hidden)', fix);
  if (url.pathname.replace(/^\//, '') === '')
    return fail('DATABASE_URL names no database (value hidden)', fix);
  return pass('DATABASE_URL names a host and a database (values hidden)');
}
