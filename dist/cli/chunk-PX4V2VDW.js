import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  jobFor
} from "./chunk-DZ4QOFLO.js";
import "./chunk-4I4YWPP6.js";
import "./chunk-26K63QEV.js";
import "./chunk-2G6JPB32.js";
import "./chunk-UZ5JGIKX.js";
import "./chunk-SIPP5JH7.js";
import "./chunk-VCRIN6ZY.js";
import "./chunk-GATFU3MK.js";
import "./chunk-6IGIM6DF.js";
import "./chunk-24W4TJKO.js";
import "./chunk-W4GVEMGZ.js";
import "./chunk-HZUTH2YY.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-PO4BBYRD.js";
import "./chunk-2VMIIVX7.js";
import "./chunk-PUGRNUUZ.js";
export {
  jobFor
};
