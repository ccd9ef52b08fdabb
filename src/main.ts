// Entry point of the `strukt-cron` command; src/cli.ts holds the program so tests can import it.
import { main } from './cli.ts';

process.exitCode = await main(process.argv);
