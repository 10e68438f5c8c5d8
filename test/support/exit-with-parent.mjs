// Preloaded into bot processes that tests start: when the test process goes away (its IPC channel closes),
// the bot goes too, instead of living on as an orphan.
import process from 'node:process';

process.on('disconnect', () => process.exit(1));
