// Preloaded into the engine host by bench/storm.ts (node --expose-gc --require …): SIGUSR2 runs a
// full garbage collection, so the bench reads the memory the engine really holds before and after
// a storm (V8 collects the old generation lazily; an idle engine may keep its garbage for minutes).
// Measurement only: the app never loads it.
process.on('SIGUSR2', () => global.gc())
