import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  describeGitHubError,
  statusOf
} from "./chunk-QVW5FEDJ.js";

// src/github/keepAlive.ts
function planKeepAlive(workflows) {
  return workflows.map(({ workflow, state }) => ({ workflow, state, ...decide(state) }));
}
function decide(state) {
  switch (state) {
    case "active":
      return { enable: true, reason: "active; enabling again resets the 60-day inactivity timer" };
    case "disabled_inactivity":
      return { enable: true, reason: "switched off by GitHub after 60 days without activity" };
    case "disabled_manually":
      return { enable: false, reason: "switched off by a person; left off" };
    case "disabled_fork":
      return { enable: false, reason: "a fork's schedules stay off until its owner enables them" };
    case null:
      return { enable: false, reason: "not found in the repository" };
    default:
      return { enable: false, reason: `state '${state}' is not one this action changes` };
  }
}
async function keepWorkflowsAlive(octokit, request) {
  const results = [];
  for (const workflow of request.workflows) {
    const target = { owner: request.owner, repo: request.repo, workflow_id: workflow };
    let state;
    try {
      state = (await octokit.actions.getWorkflow(target)).data.state;
    } catch (error) {
      if (statusOf(error) !== 404) {
        results.push({ workflow, state: null, enable: false, reason: "state unknown", ...failure(error) });
        continue;
      }
      state = null;
    }
    const [decision] = planKeepAlive([{ workflow, state }]);
    if (!decision.enable) {
      results.push({ ...decision, outcome: "left" });
    } else if (request.dryRun) {
      results.push({ ...decision, outcome: "dry-run" });
    } else {
      try {
        await octokit.actions.enableWorkflow(target);
        results.push({ ...decision, outcome: "enabled" });
      } catch (error) {
        results.push({ ...decision, ...failure(error) });
      }
    }
  }
  return results;
}
function describeKeepAlive(results) {
  return results.map((r) => `- ${r.workflow}: ${r.outcome}${r.error ? ` (${r.error})` : ""} — ${r.reason}`);
}
function failure(error) {
  return { outcome: "failed", error: describeGitHubError(error) };
}

export {
  planKeepAlive,
  keepWorkflowsAlive,
  describeKeepAlive
};
