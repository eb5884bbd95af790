/**
 * Turns on every grpc-js tracer, at DEBUG. grpc-js reads `GRPC_TRACE` once, when it is first
 * loaded, so a test file that wants the trace imports this module before anything that loads
 * grpc-js (each test file runs in its own process). The lines go to whatever `grpc.setLogger`
 * installs.
 */
process.env["GRPC_TRACE"] = "all"
process.env["GRPC_VERBOSITY"] = "DEBUG"
