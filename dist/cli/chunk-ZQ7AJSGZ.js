import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  executeRun
} from "./chunk-BV4JBFVU.js";
import "./chunk-WPSPVPWH.js";
import "./chunk-JNB2SOGZ.js";
import "./chunk-PSN3KVND.js";
import "./chunk-XOP7PSIV.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-AB5N4OH2.js";
import "./chunk-6IGIM6DF.js";
import "./chunk-PUGRNUUZ.js";
export {
  executeRun
};
