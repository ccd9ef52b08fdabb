// Entry point of the `strukt-cron` command; src/cli.ts holds the program so tests can import it.
import { main } from './cli.ts';

// A reader that stops early (`strukt-cron runs | head`) closes the pipe: end quietly, as Unix
// tools do, instead of Node's unhandled-error stack trace for the next write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

process.exitCode = await main(process.argv);
