#!/usr/bin/env node
import { main } from "../dist/src/cli/main.js";

const code = await main(process.argv.slice(2));
// A command that failed ends now: a device that failed half-way through its start may still hold a timer or socket.
if (code !== 0) process.exit(code);
