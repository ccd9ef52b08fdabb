import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  executeRun
} from "./chunk-DIG5F6XS.js";
import "./chunk-DTKLSD6R.js";
import "./chunk-U7W3WYEW.js";
import "./chunk-M7V7TRKS.js";
import "./chunk-Y7KLMTWY.js";
import "./chunk-66P266M7.js";
import "./chunk-26K63QEV.js";
import "./chunk-H7BZEFKJ.js";
import "./chunk-AB5N4OH2.js";
import "./chunk-PUGRNUUZ.js";
export {
  executeRun
};
