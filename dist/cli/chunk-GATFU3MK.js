import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/sql/call.ts
async function scalarOf(db, fn, args = {}) {
  const rows = await db.call(fn, args);
  return rows[0]?.[fn];
}
function rowsOf(db, fn, args = {}) {
  return db.call(fn, args);
}

export {
  scalarOf,
  rowsOf
};
