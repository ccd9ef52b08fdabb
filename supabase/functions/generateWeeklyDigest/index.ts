// The generateWeeklyDigest edge function. All of it is the shared handler in src/functions/handler.ts.
import { serveFunction } from '../_shared/serve.ts';

serveFunction('generateWeeklyDigest');
