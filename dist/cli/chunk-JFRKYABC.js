import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  createWriters
} from "./chunk-PSN3KVND.js";
import "./chunk-XOP7PSIV.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-PUGRNUUZ.js";
export {
  createWriters
};
