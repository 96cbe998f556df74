/**
 * @module livespan
 *
 * The `livespan` command line, as a function for embedding and tests.
 */
export { main } from './main.js';
