// The first import of bench/card-worker.ts: records when the worker's modules start to run, before the
// renderer's own modules (imported statically, as the render-card Lambda imports them) are evaluated.
export const started = performance.now();
