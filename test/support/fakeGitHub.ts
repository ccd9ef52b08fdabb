/**
 * A small fake of the GitHub REST endpoints the alert applier uses, on a real HTTP server at
 * 127.0.0.1, so octokit (with its retry and throttling plugins) runs unmodified against it.
 * It can hide new issues from listings for a while, like GitHub's lagging replicas do.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { components } from '@octokit/openapi-types';
import { closeServer, listen, parseJsonObject, readBody, sendJson } from './http.ts';

type IssueWire = Pick<
  components['schemas']['issue'],
  | 'id'
  | 'node_id'
  | 'url'
  | 'html_url'
  | 'number'
  | 'state'
  | 'state_reason'
  | 'title'
  | 'body'
  | 'locked'
  | 'comments'
  | 'created_at'
  | 'updated_at'
  | 'closed_at'
  | 'pull_request'
> & { labels: Array<{ name: string }> };
type CommentWire = Pick<
  components['schemas']['issue-comment'],
  'id' | 'body' | 'html_url' | 'created_at' | 'issue_url'
>;
type LabelWire = Pick<components['schemas']['label'], 'id' | 'name' | 'color' | 'description' | 'default'>;

export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Listed like GitHub lists pull requests among issues. */
  isPullRequest: boolean;
}

export interface FakeComment {
  issueNumber: number;
  body: string;
  createdAt: string;
}

export interface FakeDispatch {
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

export interface FakeRequest {
  method: string;
  path: string;
}

export interface FakeGitHubOptions {
  /** Labels the repository starts with. @default [] */
  labels?: string[];
  /** Workflow files and their states, e.g. `{ 'user-status.yml': 'disabled_inactivity' }`. @default {} */
  workflows?: Record<string, string>;
}

export interface FakeGitHub {
  url: string;
  issues: FakeIssue[];
  comments: FakeComment[];
  dispatches: FakeDispatch[];
  labels: string[];
  /** Workflow file → state; `PUT …/enable` sets `active`. */
  workflows: Map<string, string>;
  /** Workflow files enabled through the API, in order. */
  enabled: string[];
  /** Workflow files whose `PUT …/enable` is refused with 403, as for a token without actions: write. */
  refuseEnable: Set<string>;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Adds an issue directly (no request recorded); numbers continue from the highest. */
  addIssue(partial: Partial<FakeIssue> & { title: string }): FakeIssue;
  /** Issues created from now on stay out of listings for this many list calls, or `{ ms }`. */
  hideNewIssuesFor(amount: number | { listCalls: number } | { ms: number }): void;
  /** The next `count` requests get this error response instead of being served. */
  failNext(count: number, error: { status: number; message: string; headers?: Record<string, string> }): void;
  close(): Promise<void>;
}

const OWNER_REPO = '/repos/([^/]+)/([^/]+)';
const ROUTES = {
  issues: new RegExp(`^${OWNER_REPO}/issues$`),
  issue: new RegExp(`^${OWNER_REPO}/issues/(\\d+)$`),
  comments: new RegExp(`^${OWNER_REPO}/issues/(\\d+)/comments$`),
  labels: new RegExp(`^${OWNER_REPO}/labels$`),
  label: new RegExp(`^${OWNER_REPO}/labels/([^/]+)$`),
  dispatch: new RegExp(`^${OWNER_REPO}/actions/workflows/([^/]+)/dispatches$`),
  workflow: new RegExp(`^${OWNER_REPO}/actions/workflows/([^/]+)$`),
  enable: new RegExp(`^${OWNER_REPO}/actions/workflows/([^/]+)/enable$`),
};
const STATE_REASONS = new Set(['completed', 'not_planned', 'reopened', 'duplicate']);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const issues: FakeIssue[] = [];
  const comments: FakeComment[] = [];
  const dispatches: FakeDispatch[] = [];
  const labels: string[] = [...(opts.labels ?? [])];
  const workflows = new Map(Object.entries(opts.workflows ?? {}));
  const enabled: string[] = [];
  const refuseEnable = new Set<string>();
  const requests: FakeRequest[] = [];
  let hideRule: { listCalls: number } | { ms: number } | null = null;
  // Per hidden issue: list calls left, or the time it becomes visible.
  const hidden = new Map<number, { listCalls?: number; until?: number }>();
  let failures: { count: number; error: HttpError } | null = null;

  // GitHub reports times to the second, so issues created together tie and the number decides.
  const now = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const nextNumber = () => issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;

  const addIssue = (partial: Partial<FakeIssue> & { title: string }): FakeIssue => {
    const at = partial.createdAt ?? now();
    const issue: FakeIssue = {
      number: partial.number ?? nextNumber(),
      body: null,
      state: 'open',
      stateReason: null,
      labels: [],
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      isPullRequest: false,
      ...partial,
    };
    issues.push(issue);
    return issue;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const e = error instanceof HttpError ? error : new HttpError(500, String(error));
      sendJson(
        res,
        e.status,
        { message: e.message, documentation_url: 'https://docs.github.com/rest' },
        e.headers,
      );
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    requests.push({ method, path: url.pathname + url.search });
    const raw = await readBody(req);
    if (failures && failures.count > 0) {
      failures.count -= 1;
      throw failures.error;
    }
    if (!req.headers.authorization) throw new HttpError(401, 'Requires authentication');
    const body = parseJson(raw);
    const path = url.pathname;
    let m: RegExpExecArray | null;

    if ((m = ROUTES.issues.exec(path))) {
      if (method === 'GET') return listIssues(url, res);
      if (method === 'POST') return sendJson(res, 201, toWire(createIssue(body), url));
    } else if ((m = ROUTES.issue.exec(path))) {
      const issue = findIssue(Number(m[3]));
      if (method === 'GET') return sendJson(res, 200, toWire(issue, url));
      if (method === 'PATCH') return sendJson(res, 200, toWire(updateIssue(issue, body), url));
    } else if ((m = ROUTES.comments.exec(path))) {
      const issue = findIssue(Number(m[3]));
      if (method === 'GET') {
        const list = comments.filter((c) => c.issueNumber === issue.number);
        return sendJson(
          res,
          200,
          list.map((c, i) => commentWire(c, i, url)),
        );
      }
      if (method === 'POST') {
        const text = field(body, 'body', 'string');
        const comment = { issueNumber: issue.number, body: text, createdAt: now() };
        comments.push(comment);
        return sendJson(res, 201, commentWire(comment, comments.length, url));
      }
    } else if ((m = ROUTES.labels.exec(path))) {
      if (method === 'GET') return sendJson(res, 200, labels.map(labelWire));
      if (method === 'POST') {
        const name = field(body, 'name', 'string');
        if (labels.includes(name)) {
          throw new HttpError(422, 'Validation Failed: label already_exists');
        }
        labels.push(name);
        return sendJson(res, 201, labelWire(name, labels.length - 1));
      }
    } else if ((m = ROUTES.label.exec(path))) {
      const name = decodeURIComponent(m[3] ?? '');
      if (method === 'GET') {
        if (!labels.includes(name)) throw new HttpError(404, 'Not Found');
        return sendJson(res, 200, labelWire(name, labels.indexOf(name)));
      }
    } else if ((m = ROUTES.dispatch.exec(path))) {
      if (method === 'POST') {
        const ref = field(body, 'ref', 'string');
        const inputs = body.inputs ?? {};
        if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
          throw new HttpError(422, `Invalid 'inputs': expected an object, got ${JSON.stringify(inputs)}`);
        }
        dispatches.push({
          workflow: decodeURIComponent(m[3] ?? ''),
          ref,
          inputs: inputs as Record<string, unknown>,
        });
        res.writeHead(204).end();
        return;
      }
    } else if ((m = ROUTES.workflow.exec(path))) {
      const file = decodeURIComponent(m[3] ?? '');
      const state = workflows.get(file);
      if (method === 'GET') {
        if (state === undefined) throw new HttpError(404, 'Not Found');
        return sendJson(res, 200, {
          id: [...workflows.keys()].indexOf(file) + 1,
          path: `.github/workflows/${file}`,
          state,
        });
      }
    } else if ((m = ROUTES.enable.exec(path))) {
      const file = decodeURIComponent(m[3] ?? '');
      if (method === 'PUT') {
        if (!workflows.has(file)) throw new HttpError(404, 'Not Found');
        if (refuseEnable.has(file)) throw new HttpError(403, 'Resource not accessible by integration');
        workflows.set(file, 'active');
        enabled.push(file);
        res.writeHead(204).end();
        return;
      }
    }
    throw new HttpError(404, `Not Found: ${method} ${path} is not served by the fake`);
  }

  function listIssues(url: URL, res: ServerResponse): void {
    const state = url.searchParams.get('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) {
      throw new HttpError(422, `Invalid state '${state}'. Expected open, closed or all.`);
    }
    const wanted = (url.searchParams.get('labels') ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const t = Date.now();
    const visible = issues.filter((issue) => {
      const h = hidden.get(issue.number);
      if (!h) return true;
      if (h.until !== undefined) return t >= h.until;
      if ((h.listCalls ?? 0) <= 0) return true;
      h.listCalls = (h.listCalls ?? 0) - 1;
      return false;
    });
    // GitHub's default order: newest first.
    const matching = visible
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
    const pages = Math.max(Math.ceil(matching.length / perPage), 1);
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    const link = (p: number, rel: string) => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < pages) links.push(link(page + 1, 'next'), link(pages, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    sendJson(
      res,
      200,
      slice.map((i) => toWire(i, url)),
      links.length > 0 ? { link: links.join(', ') } : {},
    );
  }

  function createIssue(body: Record<string, unknown>): FakeIssue {
    const title = field(body, 'title', 'string');
    const text = body.body == null ? null : field(body, 'body', 'string');
    const issue = addIssue({ title, body: text, labels: labelNames(body.labels ?? []) });
    if (hideRule) {
      hidden.set(issue.number, 'ms' in hideRule ? { until: Date.now() + hideRule.ms } : { ...hideRule });
    }
    return issue;
  }

  function updateIssue(issue: FakeIssue, body: Record<string, unknown>): FakeIssue {
    const at = now();
    if (body.state !== undefined) {
      if (body.state !== 'open' && body.state !== 'closed') {
        throw new HttpError(422, `Invalid state ${JSON.stringify(body.state)}. Expected "open" or "closed".`);
      }
    }
    if (body.state_reason != null && !STATE_REASONS.has(String(body.state_reason))) {
      throw new HttpError(
        422,
        `Invalid state_reason ${JSON.stringify(body.state_reason)}. Expected completed, not_planned, duplicate or reopened.`,
      );
    }
    if (body.title !== undefined) issue.title = field(body, 'title', 'string');
    if (body.body !== undefined) issue.body = body.body === null ? null : field(body, 'body', 'string');
    if (body.labels !== undefined) issue.labels = labelNames(body.labels);
    const reason = (body.state_reason ?? null) as FakeIssue['stateReason'];
    if (body.state === 'closed') {
      if (issue.state !== 'closed') issue.closedAt = at;
      issue.state = 'closed';
      issue.stateReason = reason ?? 'completed';
    } else if (body.state === 'open') {
      if (issue.state !== 'open') issue.stateReason = 'reopened';
      issue.state = 'open';
      issue.closedAt = null;
    }
    issue.updatedAt = at;
    return issue;
  }

  function findIssue(number: number): FakeIssue {
    const issue = issues.find((i) => i.number === number);
    if (!issue) throw new HttpError(404, 'Not Found');
    return issue;
  }

  const { url: baseUrl } = await listen(server);

  return {
    url: baseUrl,
    issues,
    comments,
    dispatches,
    labels,
    workflows,
    enabled,
    refuseEnable,
    requests,
    addIssue,
    hideNewIssuesFor(amount) {
      hideRule = typeof amount === 'number' ? { listCalls: amount } : amount;
    },
    failNext(count, error) {
      failures = { count, error: new HttpError(error.status, error.message, error.headers) };
    },
    close: () => closeServer(server),
  };
}

function toWire(i: FakeIssue, url: URL): IssueWire {
  const api = `${url.origin}/repos/o/r/issues/${i.number}`;
  return {
    id: 1_000_000 + i.number,
    node_id: `I_fake${i.number}`,
    url: api,
    html_url: `https://github.test/o/r/issues/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    labels: i.labels.map((name) => ({ name })),
    locked: false,
    comments: 0,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    ...(i.isPullRequest
      ? { pull_request: { url: api, html_url: null, diff_url: null, patch_url: null } }
      : {}),
  };
}

function commentWire(c: FakeComment, index: number, url: URL): CommentWire {
  return {
    id: index,
    body: c.body,
    html_url: `https://github.test/o/r/issues/${c.issueNumber}#issuecomment-${index}`,
    created_at: c.createdAt,
    issue_url: `${url.origin}/repos/o/r/issues/${c.issueNumber}`,
  };
}

function labelWire(name: string, index: number): LabelWire {
  return { id: index + 1, name, color: 'd93f0b', description: null, default: false };
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value))
    throw new HttpError(422, `Invalid labels ${JSON.stringify(value)}. Expected an array.`);
  return value.map((l: unknown) => {
    if (typeof l === 'string') return l;
    if (typeof l === 'object' && l !== null && typeof (l as { name?: unknown }).name === 'string') {
      return (l as { name: string }).name;
    }
    throw new HttpError(422, `Invalid label ${JSON.stringify(l)}. Expected a name or {name}.`);
  });
}

function field(body: Record<string, unknown>, name: string, type: 'string'): string {
  const value = body[name];
  if (typeof value !== type) {
    throw new HttpError(422, `Invalid '${name}': expected a ${type}, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

function parseJson(raw: string): Record<string, unknown> {
  if (raw === '') return {};
  const parsed = parseJsonObject(raw);
  // Not JSON, or not an object: GitHub says the same for both.
  if (!parsed.ok) throw new HttpError(400, 'Problems parsing JSON');
  return parsed.value;
}
