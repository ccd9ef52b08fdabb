import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/db/types.ts
var DbError = class extends Error {
  code;
  details;
  hint;
  constructor(message, fields = {}) {
    super(message, { cause: fields.cause });
    this.name = "DbError";
    this.code = fields.code;
    this.details = fields.details;
    this.hint = fields.hint;
  }
};
var PG = {
  /** insufficient_privilege: a role may not run a function or read a table. */
  insufficientPrivilege: "42501",
  /** unique_violation: a concurrent writer got there first. */
  uniqueViolation: "23505",
  /** undefined_function: the migrations defining it were not applied. */
  undefinedFunction: "42883"
};
function assertFunctionName(fn) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(fn)) {
    throw new Error(
      `Invalid SQL function name '${fn}'. Expected a lower-case identifier like 'cron_record_run'.`
    );
  }
}

export {
  DbError,
  PG,
  assertFunctionName
};
