import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createBatchClient
} from "./chunk-GWVEPKG7.js";
import "./chunk-L6ZWD2HZ.js";
import "./chunk-PUGRNUUZ.js";
export {
  createBatchClient
};
