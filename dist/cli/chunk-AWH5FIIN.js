import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createWriters
} from "./chunk-M7V7TRKS.js";
import "./chunk-Y7KLMTWY.js";
import "./chunk-66P266M7.js";
import "./chunk-H7BZEFKJ.js";
import "./chunk-AB5N4OH2.js";
import "./chunk-PUGRNUUZ.js";
export {
  createWriters
};
