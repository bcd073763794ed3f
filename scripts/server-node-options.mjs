// Node's options for the server process: `pnpm start` runs it with them, and the benchmarks' servers too.
//
// --max-semi-space-size=32: V8's young generation gets 32 MB semi-spaces instead of 16 MB. A request makes
// many short-lived objects (the web Request, GraphQL's result tree, a page's rows); with the larger nursery
// fewer of them are scavenged while still alive. Measured on a page of 50 leases, two server processes under
// the same load side by side, five rounds: 5-8 % less CPU per request; no change on a page of 3. It costs
// at most 48 MB more of the process's memory.
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=32'];
