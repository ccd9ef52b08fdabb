import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createWriters
} from "./chunk-TPBRLZCN.js";
import "./chunk-M4Z3TXFW.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-PUGRNUUZ.js";
export {
  createWriters
};
