import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  executeRun
} from "./chunk-MJEWQ6VR.js";
import "./chunk-OI7GTZUM.js";
import "./chunk-VVEGQQOQ.js";
import "./chunk-6IGIM6DF.js";
import "./chunk-LZ2RI3LZ.js";
import "./chunk-BXBATZNN.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-GWVEPKG7.js";
import "./chunk-L6ZWD2HZ.js";
import "./chunk-AB5N4OH2.js";
import "./chunk-PUGRNUUZ.js";
export {
  executeRun
};
