import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  TEMPLATES_DIR,
  embeddedError,
  openEmbedded,
  pgliteVersion
} from "./chunk-SPICP3K5.js";
import "./chunk-F7JHRHR3.js";
import "./chunk-AB5N4OH2.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-PUGRNUUZ.js";
export {
  TEMPLATES_DIR,
  embeddedError,
  openEmbedded,
  pgliteVersion
};
