import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createBatchWriterFor,
  createWriters
} from "./chunk-4WWU7CHW.js";
import "./chunk-24W4TJKO.js";
import "./chunk-W4GVEMGZ.js";
import "./chunk-HZUTH2YY.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-PO4BBYRD.js";
import "./chunk-2VMIIVX7.js";
import "./chunk-GWVEPKG7.js";
import "./chunk-L6ZWD2HZ.js";
import "./chunk-PUGRNUUZ.js";
export {
  createBatchWriterFor,
  createWriters
};
