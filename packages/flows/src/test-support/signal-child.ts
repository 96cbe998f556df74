// Child process for the signal test: serves flows, prints the runtime file, waits.
import { startReflectionServer } from '../reflection-server.js';

const server = await startReflectionServer({ projectRoot: process.argv[2]! });
process.stdout.write(`${server.runtimeFilePath}\n`);
setInterval(() => {}, 1_000);
