import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createWriters
} from "./chunk-QYBJYTZ6.js";
import "./chunk-XWZLG2Q2.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-PUGRNUUZ.js";
export {
  createWriters
};
