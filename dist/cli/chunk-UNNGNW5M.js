import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  describeKeepAlive,
  keepWorkflowsAlive,
  planKeepAlive
} from "./chunk-XJULGJEB.js";
import "./chunk-QVW5FEDJ.js";
import "./chunk-6IGIM6DF.js";
import "./chunk-PUGRNUUZ.js";
export {
  describeKeepAlive,
  keepWorkflowsAlive,
  planKeepAlive
};
