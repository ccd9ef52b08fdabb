import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/db/pages.ts
var MAX_PAGE_SIZE = 1e3;
async function* pages(db, readPage, args, options) {
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const read = options.read ?? ((call) => call());
  let after = null;
  for (; ; ) {
    const pageArgs = { ...args, p_after: after, p_limit: pageSize };
    const rows = await read(() => readPage(db, pageArgs));
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1][options.key];
  }
}

export {
  MAX_PAGE_SIZE,
  pages
};
